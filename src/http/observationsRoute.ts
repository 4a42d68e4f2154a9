/**
 * REST for pipelines: `POST /api/v1/observations` with `{"observations": [{asset, name?, at | date,
 * value, dimensions?}, …]}` (CI role or above). Answers what was stored and the anomalies found.
 */
import express, { Router, type Request } from "express";
import { AppError } from "../core/errors.js";
import { toGlobalId } from "../core/globalId.js";
import type { ChangeRequestLinks } from "../services/changes/changeRequests.js";
import { recordObservations } from "../services/anomalies/observations.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";

export function observationsRouter(options: { maxBodyBytes: number; linksFor: (req: Request) => ChangeRequestLinks }): Router {
  const router = Router();
  router.post(
    "/observations",
    express.json({ limit: options.maxBodyBytes }),
    restRoute(async (req, res) => {
      if (!req.is("application/json")) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the observations as Content-Type: application/json (optionally Content-Encoding: gzip)");
      }
      const result = await recordObservations(tenantContextOf(res), req.body, { links: options.linksFor(req) });
      res.json({
        accepted: result.accepted,
        series: result.series,
        anomalies: result.anomalies.map((a) => ({
          id: toGlobalId("Anomaly", a.id),
          at: a.at.toISOString(),
          actual: a.value,
          expectedRange: { lower: a.lower, upper: a.upper },
          mean: a.mean,
          stddev: a.stddev,
          zScore: a.zScore,
        })),
      });
    }),
  );
  return router;
}
