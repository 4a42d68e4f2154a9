/**
 * `tributary export openlineage --project P [--post URL --api-key K]`: reads a project's lineage
 * as OpenLineage JobEvents and DatasetEvents from a Tributary server
 * (`GET /api/v1/export/openlineage`) and prints them as JSON lines, or posts them to another
 * OpenLineage consumer, gzip-compressed, with the API key as bearer token: to its batch endpoint
 * (`…/api/v1/lineage/batch`, as Tributary and OpenLineage's batch proposal take them), or one
 * event per request when `--post` names the single-event endpoint `…/api/v1/lineage` (Marquez
 * has no batch endpoint).
 */
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_SERVER, serverUrl } from "./push.js";
import { getJson, uploadEnvelope } from "./pushUpload.js";
import { withTrailingSlash } from "./pushWait.js";
import { action, UsageError } from "./run.js";

/** Events per batch request, and bytes: well under a consumer's default body limit (10 MB). */
const BATCH_EVENTS = 500;
const BATCH_BYTES = 4 * 2 ** 20;

interface ExportOptions {
  project: string;
  server: string;
  token?: string;
  datasetNamespace?: string;
  jobNamespace?: string;
  post?: string;
  apiKey?: string;
}

interface ExportAnswer {
  project: string;
  datasetNamespace: string;
  jobNamespace: string;
  events: Record<string, unknown>[];
}

interface BatchAnswer {
  status?: string;
  summary?: { received: number; successful: number; failed: number; duplicates?: number };
  failedEvents?: Refusal[];
}

export function exportCommand(): Command {
  const openlineage = new Command("openlineage")
    .description("A project's lineage as OpenLineage JobEvents and DatasetEvents: printed as JSON lines, or posted to an OpenLineage consumer")
    .requiredOption("--project <name>", "the dbt project to export")
    .addOption(new Option("--server <url>", "the Tributary server to read from").env("TRIBUTARY_URL").default(DEFAULT_SERVER))
    .addOption(new Option("--token <token>", "an API token of that server (READER role or above)").env("TRIBUTARY_TOKEN"))
    .option("--dataset-namespace <namespace>", "namespace of the datasets (default <adapter>://<project>, e.g. postgres://warehouse:5432 to match your producers)")
    .option("--job-namespace <namespace>", "namespace of the jobs (default: the project's name)")
    .option("--post <url>", "post the events to this OpenLineage consumer instead of printing them: its base URL or …/api/v1/lineage/batch (batches), or …/api/v1/lineage (one event per request, e.g. Marquez)")
    .addOption(new Option("--api-key <key>", "the consumer's API key, sent as bearer token (with --post)").env("OPENLINEAGE_API_KEY"))
    .exitOverride((error: CommanderError) => {
      if (error.exitCode === 0) process.exit(0);
      process.exit(2);
    })
    .action(
      action(async (options: ExportOptions) => {
        process.exitCode = await runExportOpenLineage(options);
      }),
    );
  return new Command("export").description("Hand the catalog's lineage to other tools").addCommand(openlineage);
}

export async function runExportOpenLineage(options: ExportOptions): Promise<number> {
  const token = options.token?.trim();
  if (!token) throw new UsageError("an API token is required: pass --token or set TRIBUTARY_TOKEN");
  const target = options.post === undefined ? null : postTarget(options.post);
  const apiKey = options.apiKey?.trim();
  if (target && !apiKey) throw new UsageError("--post needs the consumer's API key: pass --api-key or set OPENLINEAGE_API_KEY");

  const exported = await readExport(serverUrl(options.server), token, options);
  if (!target) {
    for (const event of exported.events) process.stdout.write(`${JSON.stringify(event)}\n`);
    return 0;
  }
  const totals = { received: 0, successful: 0, duplicates: 0, failed: 0 };
  const groups = target.batch ? batches(exported.events) : exported.events.map((event, index): [number, Record<string, unknown>[]] => [index, [event]]);
  for (const [first, batch] of groups) {
    const json = Buffer.from(JSON.stringify(target.batch ? batch : batch[0]), "utf8");
    const answer = await uploadEnvelope({ url: target.url, token: apiKey!, prepared: { totalBytes: json.length, chunks: async function* () { yield json; } } });
    const refused = refusedEvents(answer.status, answer.body, target.batch);
    if (refused === null) {
      console.error(`error: ${target.url.href} answered ${answer.status}: ${(answer.body as { error?: { message?: string } } | null)?.error?.message ?? answer.text.trim().slice(0, 200)}`);
      return 1;
    }
    const summary = target.batch ? (answer.body as BatchAnswer | null)?.summary : undefined;
    totals.received += batch.length;
    totals.failed += refused.length;
    totals.successful += batch.length - refused.length;
    totals.duplicates += summary ? (summary.duplicates ?? 0) : (answer.body as { status?: string } | null)?.status === "DUPLICATE" ? 1 : 0;
    for (const failed of refused) {
      const event = batch[failed.index] as { job?: { name?: string }; dataset?: { name?: string } } | undefined;
      console.error(`refused event ${first + failed.index} (${event?.job?.name ?? event?.dataset?.name ?? "?"}) at ${failed.pointer ?? ""}: ${failed.message ?? failed.code ?? ""}`);
    }
  }
  console.log(
    `Posted ${totals.received} OpenLineage events of ${exported.project} to ${target.url.origin}: ${totals.successful} taken (${totals.duplicates} already known), ${totals.failed} refused`,
  );
  return totals.failed > 0 ? 1 : 0;
}

type Refusal = { index: number; code?: string; pointer?: string; message?: string };

/** The events a consumer refused, or null when it refused the request itself (auth, size, a 5xx). */
function refusedEvents(status: number, body: unknown, batch: boolean): Refusal[] | null {
  if (batch) return status < 300 || status === 207 || status === 422 ? ((body as BatchAnswer | null)?.failedEvents ?? []) : null;
  if (status < 300) return [];
  if (status === 400 || status === 422) {
    const error = (body as { error?: { code?: string; message?: string; pointer?: string } } | null)?.error;
    return [{ index: 0, code: error?.code ?? String(status), pointer: error?.pointer, message: error?.message }];
  }
  return null;
}

/**
 * Where to post: the single-event endpoint when the URL names `…/api/v1/lineage`, the batch
 * endpoint when it names `…/lineage/batch`, else `<url>/api/v1/lineage/batch`.
 */
export function postTarget(option: string): { url: URL; batch: boolean } {
  let url: URL;
  try {
    url = new URL(option.trim());
  } catch {
    throw new UsageError(`--post must be a URL such as https://tributary.example.com (got "${option}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--post must be an http:// or https:// URL (got "${option}")`);
  const path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/lineage/batch")) return { url, batch: true };
  if (path.endsWith("/api/v1/lineage")) return { url, batch: false };
  return { url: new URL("api/v1/lineage/batch", withTrailingSlash(url)), batch: true };
}

async function readExport(server: URL, token: string, options: ExportOptions): Promise<ExportAnswer> {
  const url = new URL("api/v1/export/openlineage", server);
  url.searchParams.set("project", options.project);
  if (options.datasetNamespace) url.searchParams.set("datasetNamespace", options.datasetNamespace);
  if (options.jobNamespace) url.searchParams.set("jobNamespace", options.jobNamespace);
  const { status, body, text } = await getJson(url, token);
  if (status < 200 || status >= 300) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const said = error?.message ? `${error.code ?? status}: ${error.message}` : text.trim().slice(0, 200) || "no details";
    const hint = status === 401 ? " Check --token or TRIBUTARY_TOKEN." : status === 404 && !error ? " Is --server the Tributary URL?" : "";
    throw new Error(`the export was refused (${status}): ${said}.${hint}`);
  }
  const answer = body as ExportAnswer | null;
  if (!answer || !Array.isArray(answer.events)) throw new Error(`GET ${url.pathname} answered without events: is --server the Tributary URL?`);
  return answer;
}

/** Consecutive batches of at most BATCH_EVENTS events and about BATCH_BYTES, with the index of each batch's first event. */
function* batches(events: readonly Record<string, unknown>[]): Generator<[number, Record<string, unknown>[]]> {
  let start = 0;
  let batch: Record<string, unknown>[] = [];
  let bytes = 0;
  for (const [index, event] of events.entries()) {
    const size = JSON.stringify(event).length;
    if (batch.length > 0 && (batch.length >= BATCH_EVENTS || bytes + size > BATCH_BYTES)) {
      yield [start, batch];
      [start, batch, bytes] = [index, [], 0];
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) yield [start, batch];
}
