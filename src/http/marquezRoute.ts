/**
 * The read endpoints Marquez's clients use, in Marquez's JSON shapes (docs/openlineage.md#reading-lineage):
 * `GET /lineage`, `/column-lineage`, `/namespaces`, `/namespaces/{ns}/datasets[/{name}]`,
 * `/namespaces/{ns}/jobs[/{job}[/runs]]`, `/jobs/runs/{id}`. Query and path parameters are
 * checked (restParams.ts); a bad one is a 400 naming it (`parameter`, `in`).
 */
import { Router } from "express";
import { z } from "zod";
import { marquezLineageAnswer, type LineageAnswer } from "../services/openlineage/lineageAnswers.js";
import { getDataset, getJob, getRun, listDatasets, listJobRuns, listJobs, listNamespaces, marquezColumnLineage } from "../services/openlineage/marquezReads.js";
import { tenantContextOf } from "./auth.js";
import { restRoute } from "./errors.js";
import { pathParams, queryParams } from "./restParams.js";

/** Marquez's limit on names (its spec: maxLength 1024); node ids hold a namespace and a name. */
const name = z.string().min(1).max(1024);
const page = z.object({
  limit: z.coerce.number().int().min(0).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
/** Marquez's default depth is 20 levels of jobs. */
const depth = z.coerce.number().int().min(1).max(100).default(20);
const flag = z.enum(["true", "false"]).default("false").transform((value) => value === "true");

const lineageQuery = z.object({ nodeId: z.string().min(1).max(2_100), depth });
const columnLineageQuery = lineageQuery.extend({ withDownstream: flag });
const namespacePath = z.object({ namespace: name });
const datasetPath = namespacePath.extend({ dataset: name });
const jobPath = namespacePath.extend({ job: name });
const runPath = z.object({ id: z.string().uuid() });

/** Each kept lineage answer's ETag, as Express would make it (its `etag fn`), hashed once rather than per request. */
const etags = new WeakMap<LineageAnswer, string>();

/** `keepAnswers`: false when the response caches are off (TRIBUTARY_RESPONSE_CACHE=0), so every read is computed. */
export function marquezRouter({ keepAnswers }: { keepAnswers: boolean }): Router {
  const router = Router();
  router.get(
    "/lineage",
    restRoute(async (req, res) => {
      // The answer comes as bytes (kept for the tenant's revisions): sent as res.json would send it.
      const answer = await marquezLineageAnswer(tenantContextOf(res), queryParams(lineageQuery, req), { keep: keepAnswers });
      const etagOf = req.app.get("etag fn") as ((body: Buffer) => string) | undefined;
      let etag = etags.get(answer);
      if (etag === undefined && etagOf) etags.set(answer, (etag = etagOf(answer.body)));
      if (etag !== undefined) res.set("ETag", etag);
      res.set("Content-Type", "application/json; charset=utf-8").send(answer.body);
    }),
  );
  router.get(
    "/column-lineage",
    restRoute(async (req, res) => {
      res.json(await marquezColumnLineage(tenantContextOf(res), queryParams(columnLineageQuery, req)));
    }),
  );
  router.get(
    "/namespaces",
    restRoute(async (req, res) => {
      res.json(await listNamespaces(tenantContextOf(res), queryParams(page, req)));
    }),
  );
  router.get(
    "/namespaces/:namespace/datasets",
    restRoute(async (req, res) => {
      const { namespace } = pathParams(namespacePath, req);
      res.json(await listDatasets(tenantContextOf(res), namespace, queryParams(page, req)));
    }),
  );
  router.get(
    "/namespaces/:namespace/datasets/:dataset",
    restRoute(async (req, res) => {
      const { namespace, dataset } = pathParams(datasetPath, req);
      res.json(await getDataset(tenantContextOf(res), { namespace, name: dataset }));
    }),
  );
  router.get(
    "/namespaces/:namespace/jobs",
    restRoute(async (req, res) => {
      const { namespace } = pathParams(namespacePath, req);
      res.json(await listJobs(tenantContextOf(res), namespace, queryParams(page, req)));
    }),
  );
  router.get(
    "/namespaces/:namespace/jobs/:job",
    restRoute(async (req, res) => {
      const { namespace, job } = pathParams(jobPath, req);
      res.json(await getJob(tenantContextOf(res), { namespace, name: job }));
    }),
  );
  router.get(
    "/namespaces/:namespace/jobs/:job/runs",
    restRoute(async (req, res) => {
      const { namespace, job } = pathParams(jobPath, req);
      res.json(await listJobRuns(tenantContextOf(res), { namespace, name: job }, queryParams(page, req)));
    }),
  );
  router.get(
    "/jobs/runs/:id",
    restRoute(async (req, res) => {
      res.json(await getRun(tenantContextOf(res), pathParams(runPath, req).id));
    }),
  );
  return router;
}
