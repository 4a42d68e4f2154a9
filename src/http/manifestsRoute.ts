/**
 * REST for CI: `POST /api/v1/manifests`. The body is either the envelope
 * `{"project","mode","gitSha","branch","author"?,"manifest","runResults"?,"catalog"?}`, or a bare
 * manifest.json with `project`, `mode`, `gitSha`, `branch`, `author` in the query string (handy with curl).
 */
import { Router, type Request } from "express";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { readJsonDocument } from "../core/manifest/readJsonDocument.js";
import { manifestError, ingestManifest } from "../services/ingest/ingestManifest.js";
import type { IngestRequest } from "../services/ingest/ingestRequest.js";
import type { ChangeRequestLinks } from "../services/changes/changeRequests.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { bodyText } from "./jsonBody.js";
import { readBody } from "./readBody.js";

export function manifestsRouter(config: Pick<Config, "maxBodyBytes" | "fieldLimits">, linksFor: (req: Request) => ChangeRequestLinks): Router {
  const router = Router();
  router.post(
    "/manifests",
    restRoute(async (req, res) => {
      if (!req.is("application/json")) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the manifest as Content-Type: application/json (optionally Content-Encoding: gzip)");
      }
      const body = await readBody(req, config.maxBodyBytes);
      const document = readJsonDocument(bodyText(body), "manifest");
      if (!document.ok) throw manifestError(document.error);
      res.json(await ingestManifest(tenantContextOf(res), requestOf(req, document.value), { links: linksFor(req), fieldLimits: config.fieldLimits }));
    }),
  );
  return router;
}

function requestOf(req: Request, document: unknown): IngestRequest {
  const query = req.query as Record<string, string | undefined>;
  if (query.project === undefined) return document as IngestRequest;
  return { project: query.project, mode: (query.mode ?? "apply") as IngestRequest["mode"], gitSha: query.gitSha ?? query.git_sha, branch: query.branch, author: query.author, manifest: document };
}
