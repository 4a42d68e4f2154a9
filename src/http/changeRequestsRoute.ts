/**
 * REST for CI: `GET /api/v1/change-requests/:id`, what `tributary push --wait` polls:
 * `{ changeRequest: { id, status, title }, verdict, reason, missingApprovals }`.
 */
import { Router } from "express";
import { changeRequestVerdict } from "../services/changes/queries.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";

export function changeRequestsRouter(): Router {
  const router = Router();
  router.get(
    "/change-requests/:id",
    restRoute(async (req, res) => {
      res.json(await changeRequestVerdict(tenantContextOf(res), String(req.params.id)));
    }),
  );
  return router;
}
