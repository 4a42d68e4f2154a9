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
import { describeJsonStructureProblem, findJsonStructureProblem } from "../core/json/jsonStructure.js";
import { batchAnswer } from "../core/openlineage/batchAnswer.js";
import { ingestOpenLineageEvent, ingestOpenLineageEvents } from "../services/openlineage/ingestEvents.js";
import { listRawEvents } from "../services/openlineage/rawEvents.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { bodyText } from "./jsonBody.js";
import { readBody } from "./readBody.js";

export interface OpenLineageRouteOptions {
  config: Pick<Config, "openLineage">;
  /** The clock, for retention (tests move it). */
  now?: () => Date;
}

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.string().max(500).optional(),
});

export function openLineageRouter({ config, now = () => new Date() }: OpenLineageRouteOptions): Router {
  const router = Router();
  const options = { retentionDays: config.openLineage.retentionDays, now };

  router.post(
    "/lineage",
    restRoute(async (req, res) => {
      const event = await readEvents(req, config.openLineage.maxBodyBytes);
      const outcome = await ingestOpenLineageEvent(tenantContextOf(res), event, options);
      res.status(201).json(outcome);
    }),
  );
  router.post(
    "/lineage/batch",
    restRoute(async (req, res) => {
      const events = await readEvents(req, config.openLineage.maxBodyBytes);
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

async function readEvents(req: Request, limit: number): Promise<unknown> {
  if (!req.is("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send OpenLineage events as Content-Type: application/json (optionally Content-Encoding: gzip)");
  }
  const text = bodyText(await readBody(req, limit));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_USER_INPUT", `The body is not valid JSON: ${(error as Error).message}`, { reason: "INVALID_JSON", pointer: "" });
  }
  const problem = findJsonStructureProblem(text);
  if (problem) throw new AppError("BAD_USER_INPUT", describeJsonStructureProblem(problem, "request body"), { reason: problem.kind, path: problem.path });
  return value;
}
