/**
 * REST for CI: `GET /api/v1/change-requests/:id`, what `tributary push --wait` polls:
 * `{ changeRequest: { id, status, title }, verdict, reason, missingApprovals }`.
 */
import { Router } from "express";
import { rowIdOf } from "../core/globalId.js";
import { changeRequestVerdict } from "../services/changes/queries.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";

export function changeRequestsRouter(): Router {
  const router = Router();
  router.get(
    "/change-requests/:id",
    restRoute(async (req, res) => {
      const id = String(req.params.id);
      // The row id (what push --wait sends) or the GraphQL id (what people copy from push's output and links).
      res.json(await changeRequestVerdict(tenantContextOf(res), rowIdOf(id, "ChangeRequest") ?? id));
    }),
  );
  return router;
}
