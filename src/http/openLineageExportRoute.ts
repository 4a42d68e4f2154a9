/**
 * `GET /api/v1/export/openlineage?project=P[&datasetNamespace=…&jobNamespace=…]`: a project's
 * lineage as OpenLineage JobEvents and DatasetEvents (docs/openlineage.md#exporting-lineage),
 * read by `tributary export openlineage`.
 */
import { Router } from "express";
import { z } from "zod";
import { parseInput } from "../core/validation.js";
import { exportProjectOpenLineage } from "../services/openlineage/exportLineage.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";

/** Each parameter once: a repeated one (`?project=a&project=b`) is refused, not guessed at. */
const exportQuery = z.object({ project: z.string(), datasetNamespace: z.string().optional(), jobNamespace: z.string().optional() });

export function openLineageExportRouter(): Router {
  const router = Router();
  router.get(
    "/export/openlineage",
    restRoute(async (req, res) => {
      const query = parseInput(exportQuery, req.query, "$.query");
      res.json(await exportProjectOpenLineage(tenantContextOf(res), query));
    }),
  );
  return router;
}
