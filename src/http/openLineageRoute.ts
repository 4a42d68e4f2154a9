/**
 * OpenLineage intake, in the shape the OpenLineage clients and Marquez use:
 * `POST /api/v1/lineage` (one event: 201, or 400/422 naming the failing JSON pointer),
 * `POST /api/v1/lineage/batch` (a JSON array: an answer per event, see docs/openlineage.md),
 * `GET /api/v1/events/lineage` (the raw events kept, newest first, page by page).
 */
import { Router, type Request } from "express";
import { z } from "zod";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { batchAnswer } from "../core/openlineage/batchAnswer.js";
import { ingestOpenLineageEvents } from "../services/openlineage/ingestEvents.js";
import { ingestOpenLineageEvent } from "../services/openlineage/singleEvents.js";
import { listRawEvents } from "../services/openlineage/rawEvents.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { readJsonBody } from "./jsonBody.js";

export interface OpenLineageRouteOptions {
  config: Pick<Config, "openLineage" | "publicUrl">;
  /** The clock, for retention and freshness (tests move it). */
  now?: () => Date;
}

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.string().max(500).optional(),
});

export function openLineageRouter({ config, now = () => new Date() }: OpenLineageRouteOptions): Router {
  const router = Router();
  const options = { retentionDays: config.openLineage.retentionDays, now, publicUrl: config.publicUrl };
  const readEvents = (req: Request) => readJsonBody(req, config.openLineage.maxBodyBytes, "OpenLineage events", { pointer: "" });

  router.post(
    "/lineage",
    restRoute(async (req, res) => {
      const event = await readEvents(req);
      const outcome = await ingestOpenLineageEvent(tenantContextOf(res), event, options);
      res.status(201).json(outcome);
    }),
  );
  router.post(
    "/lineage/batch",
    restRoute(async (req, res) => {
      const events = await readEvents(req);
      if (!Array.isArray(events)) throw new AppError("BAD_USER_INPUT", "The batch is a JSON array of OpenLineage events", { pointer: "" });
      const { httpStatus, body } = batchAnswer(await ingestOpenLineageEvents(tenantContextOf(res), events, options));
      res.status(httpStatus).json(body);
    }),
  );
  router.get(
    "/events/lineage",
    restRoute(async (req, res) => {
      const query = pageQuery.safeParse(req.query);
      if (!query.success) throw new AppError("BAD_USER_INPUT", `Bad query: ${query.error.issues[0]!.path.join(".")} ${query.error.issues[0]!.message}`);
      const page = await listRawEvents(tenantContextOf(res), { limit: query.data.limit, cursor: query.data.cursor ?? null }, { now: now(), retentionDays: config.openLineage.retentionDays });
      res.json(page);
    }),
  );
  return router;
}
