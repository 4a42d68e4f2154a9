/**
 * REST for pipelines: `POST /api/v1/observations` with `{"observations": [{asset, name?, at | date,
 * value, dimensions?}, …]}` (CI role or above). Answers what was stored and the anomalies found.
 */
import { Router, type Request } from "express";
import type { Config } from "../config.js";
import { toGlobalId } from "../core/globalId.js";
import type { ChangeRequestLinks } from "../services/changes/changeRequests.js";
import { recordObservations } from "../services/anomalies/observations.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { readJsonBody } from "./jsonBody.js";

export function observationsRouter(config: Pick<Config, "maxBodyBytes">, linksFor: (req: Request) => ChangeRequestLinks, now: () => Date): Router {
  const router = Router();
  router.post(
    "/observations",
    restRoute(async (req, res) => {
      const body = await readJsonBody(req, config.maxBodyBytes, "the observations");
      const result = await recordObservations(tenantContextOf(res), body, { links: linksFor(req), now });
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
