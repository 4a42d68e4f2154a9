/**
 * REST for CI: `GET /api/v1/change-requests/:id`, what `tributary push --wait` polls:
 * `{ changeRequest: { id, status, title }, verdict, reason, missingApprovals }`.
 */
import { Router } from "express";
import { AppError } from "../core/errors.js";
import { changeRequestVerdict } from "../services/changes/queries.js";
import { tenantContextOf } from "./auth.js";
import { sendRestError } from "./errors.js";

export function changeRequestsRouter(): Router {
  const router = Router();
  router.get("/change-requests/:id", async (req, res) => {
    try {
      res.json(await changeRequestVerdict(tenantContextOf(res), req.params.id));
    } catch (error) {
      if (error instanceof AppError) return sendRestError(res, error);
      req.log.error({ err: error }, "change request lookup failed");
      sendRestError(res, new AppError("INTERNAL", "Internal server error"));
    }
  });
  return router;
}
