/**
 * REST for CI and scripts: `GET /api/v1/projects/:project/health?window=DAY|WEEK|MONTH&layer=`,
 * what `tributary health` prints: the project's health (one layer's when asked) over the
 * window, with its trend points (docs/trust-signals.md#health).
 */
import { Router } from "express";
import { z } from "zod";
import { HEALTH_WINDOWS, type HealthWindow } from "../core/health/health.js";
import { Layer } from "../generated/prisma/enums.js";
import { projectHealth } from "../services/health/health.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { pathParams, queryParams } from "./restParams.js";

const healthPath = z.object({ project: z.string().min(1).max(1_000) });
const healthQuery = z.object({
  window: z.enum(Object.keys(HEALTH_WINDOWS) as [HealthWindow, ...HealthWindow[]]).default("WEEK"),
  layer: z.nativeEnum(Layer).optional(),
});

export function healthRouter(now: () => Date): Router {
  const router = Router();
  router.get(
    "/projects/:project/health",
    restRoute(async (req, res) => {
      const { project } = pathParams(healthPath, req);
      const { window, layer } = queryParams(healthQuery, req);
      res.json(await projectHealth(tenantContextOf(res), project, window, layer ?? null, now()));
    }),
  );
  return router;
}
