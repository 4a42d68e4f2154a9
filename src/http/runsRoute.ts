/**
 * REST for production runs: `POST /api/v1/runs`. The body is the envelope
 * `{"project"?, "runResults"?: <run_results.json>, "sources"?: <sources.json>, "runs"?: [run facts]}`,
 * or one bare artifact (told apart by its dbt schema URL) with `project` in the query string.
 */
import { Router } from "express";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { readJsonDocument } from "../core/manifest/readJsonDocument.js";
import { manifestError } from "../services/ingest/ingestManifest.js";
import { artifactKindOf, recordRunArtifacts, type RunArtifactsPost } from "../services/runs/runArtifacts.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { bodyText } from "./jsonBody.js";
import { readBody } from "./readBody.js";

export function runsRouter(config: Pick<Config, "maxBodyBytes" | "publicUrl">, now: () => Date): Router {
  const router = Router();
  router.post(
    "/runs",
    restRoute(async (req, res) => {
      if (!req.is("application/json")) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send run_results.json or sources.json as Content-Type: application/json (optionally Content-Encoding: gzip)");
      }
      const body = await readBody(req, config.maxBodyBytes);
      const document = readJsonDocument(bodyText(body), "run_results");
      if (!document.ok) throw manifestError(document.error);
      const result = await recordRunArtifacts(tenantContextOf(res), postOf(document.value, req.query.project), { publicUrl: config.publicUrl, now });
      res.json(result);
    }),
  );
  return router;
}

function postOf(document: unknown, project: unknown): RunArtifactsPost {
  const projectName = typeof project === "string" ? project : undefined;
  const kind = artifactKindOf(document);
  if (kind === "run_results") return { project: projectName, runResults: document };
  if (kind === "sources") return { project: projectName, sources: document };
  const envelope = (document && typeof document === "object" ? document : {}) as RunArtifactsPost;
  return { ...envelope, project: envelope.project ?? projectName };
}
