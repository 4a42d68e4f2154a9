/**
 * `tributary push`: posts a dbt build's artifacts (or a never-compiled dbt project folder) to a
 * Tributary server from CI, prints the result, and exits 0/1 on the verdict so the pipeline can
 * gate on it. Usage errors exit 2.
 */
import { Command, CommanderError, Option } from "commander";
import { dialectSchema, parseDialect } from "../core/sql/index.js";
import { ProjectFolderError, readDbtProject } from "../projectFolder/index.js";
import { describeErrorAnswer, exitCodeFor, humanSummary, pushAnswerSchema, type PushAnswer } from "./pushReport.js";
import { formatBytes, uploadProgress } from "./pushProgress.js";
import { pushRuns } from "./pushRuns.js";
import { prepareEnvelope, uploadEnvelope, type EnvelopePart } from "./pushUpload.js";
import { parseDuration, waitForVerdict, WaitError, withTrailingSlash } from "./pushWait.js";
import { action, printJson, UsageError } from "./run.js";

export const DEFAULT_SERVER = "http://127.0.0.1:4000";

export interface PushOptions {
  project: string;
  manifest?: string;
  runResults?: string;
  sources?: string;
  catalog?: string;
  models?: string;
  dialect?: string;
  mode: "apply" | "propose";
  gitSha?: string;
  branch?: string;
  author?: string;
  server: string;
  token?: string;
  json?: boolean;
  wait?: boolean;
  timeout: string;
  pollInterval: string;
}

/** `--server` as the base the API paths resolve against (`api/v1/…`); not an http(s) URL is a usage error. */
export function serverUrl(option: string | undefined): URL {
  let server: URL;
  try {
    server = withTrailingSlash(new URL(option?.trim() || DEFAULT_SERVER));
  } catch {
    throw new UsageError(`--server must be a URL such as ${DEFAULT_SERVER} (got "${option}")`);
  }
  if (server.protocol !== "http:" && server.protocol !== "https:") throw new UsageError(`--server must be an http:// or https:// URL (got "${option}")`);
  return server;
}

type Env = Record<string, string | undefined>;

const firstSet = (env: Env, names: string[]): string | undefined => names.map((name) => env[name]?.trim()).find((value) => !!value);

/** The commit a CI job builds, from the variables common CI systems set. */
export function gitShaFromEnv(env: Env): string | undefined {
  return firstSet(env, ["GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "BITBUCKET_COMMIT", "GIT_COMMIT"]);
}

/** The branch: on GitHub pull requests the head branch (GITHUB_HEAD_REF), else the ref name. */
export function branchFromEnv(env: Env): string | undefined {
  return firstSet(env, [
    "GITHUB_HEAD_REF",
    "GITHUB_REF_NAME",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
    "BUILDKITE_BRANCH",
    "CIRCLE_BRANCH",
    "BITBUCKET_BRANCH",
    "GIT_BRANCH",
  ]);
}

export function pushCommand(): Command {
  return new Command("push")
    .description("Post a dbt manifest (with run results and catalog) or a dbt project folder to a Tributary server; exit 1 unless accepted")
    .requiredOption("--project <name>", "the Tributary project to post to")
    .option("--manifest <path>", "dbt target/manifest.json, or a native Tributary manifest")
    .option("--run-results <path>", "dbt target/run_results.json: with --manifest, or on its own to record a production run")
    .option("--sources <path>", "dbt target/sources.json (dbt source freshness), posted on its own: source freshness and run history")
    .option("--catalog <path>", "dbt target/catalog.json, for warehouse column types (with --manifest)")
    .addOption(new Option("--models <dir>", "a dbt project folder that was never compiled (dbt_project.yml, models/…)").conflicts(["manifest", "runResults", "catalog", "sources"]))
    .option("--dialect <adapter>", "SQL dialect of a --models folder: postgres, snowflake, bigquery, …")
    .addOption(new Option("--mode <mode>", "apply (main branch) or propose (pull request)").choices(["apply", "propose"]).default("apply"))
    .option("--git-sha <sha>", "the commit built (default: GITHUB_SHA, CI_COMMIT_SHA, …)")
    .option("--branch <name>", "the branch built (default: GITHUB_HEAD_REF or GITHUB_REF_NAME, CI_COMMIT_REF_NAME, …)")
    .option("--author <email>", "who opened the change (e.g. the pull request's author); never an approver of it. Default: the person the token acts for")
    .addOption(new Option("--server <url>", "the Tributary server").env("TRIBUTARY_URL").default(DEFAULT_SERVER))
    .addOption(new Option("--token <token>", "an API token that may post manifests").env("TRIBUTARY_TOKEN"))
    .option("--json", "print the server's JSON answer on stdout")
    .option("--wait", "with --mode propose: wait while the verdict is APPROVAL_REQUIRED")
    .option("--timeout <duration>", "how long --wait waits, e.g. 30m, 2h", "30m")
    .option("--poll-interval <duration>", "how often --wait asks the server", "15s")
    // Bad options are usage errors: exit 2 like every other usage error of this command.
    .exitOverride((error: CommanderError) => {
      if (error.exitCode === 0) process.exit(0);
      process.exit(2);
    })
    .action(
      action(async (options: PushOptions) => {
        process.exitCode = await runPush(options, process.env);
      }),
    );
}

export async function runPush(options: PushOptions, env: Env): Promise<number> {
  const token = options.token?.trim();
  if (!token) throw new UsageError("an API token is required: pass --token or set TRIBUTARY_TOKEN");
  if (!options.manifest && !options.models && !options.runResults && !options.sources) {
    throw new UsageError("say what to post: --manifest <path> (dbt target/manifest.json), --models <dir> (a dbt project folder), or a production run's --run-results <path> / --sources <path>");
  }
  if (options.manifest && options.sources) throw new UsageError("--sources is posted on its own: push the manifest first, then --sources without --manifest");
  if (options.wait && options.mode !== "propose") throw new UsageError("--wait waits for approvals of a proposal: use it with --mode propose");
  const timeoutMs = parseDuration(options.timeout, "--timeout");
  const intervalMs = parseDuration(options.pollInterval, "--poll-interval");
  const server = serverUrl(options.server);

  if (options.dialect && parseDialect(options.dialect) === "ansi" && !["ansi", "generic", "sql"].includes(options.dialect.trim().toLowerCase())) {
    throw new UsageError(`--dialect: unknown SQL dialect "${options.dialect}"; one of ${dialectSchema.options.join(", ")}`);
  }
  if (!options.manifest && !options.models) return pushRuns(options, server, token);
  const gitSha = options.gitSha ?? gitShaFromEnv(env);
  const branch = options.branch ?? branchFromEnv(env);
  const parts = options.models ? await folderParts(options.models, options.dialect) : fileParts(options);
  const prepared = await prepareEnvelope({ project: options.project, mode: options.mode, gitSha, branch, author: options.author?.trim() || undefined, parts });

  const progress = uploadProgress(prepared.totalBytes);
  let answer;
  try {
    answer = await uploadEnvelope({ url: new URL("api/v1/manifests", server), token, prepared, onProgress: (sent, total) => progress.update(sent, total) });
  } finally {
    progress.stop();
  }

  if (answer.status < 200 || answer.status >= 300 || answer.body === null) {
    const message = answer.body === null && answer.status >= 200 && answer.status < 300
      ? `the server answered ${answer.status} without JSON: is --server the Tributary URL?`
      : describeErrorAnswer(answer.status, answer.body, answer.text, answer.location);
    if (options.json) printJson(answer.body ?? { error: { code: `HTTP_${answer.status}`, message } });
    console.error(`error: ${message}`);
    return 1;
  }
  const parsed = pushAnswerSchema.safeParse(answer.body);
  if (!parsed.success) {
    if (options.json) printJson(answer.body);
    console.error("error: the server's answer is not a push result (no version, status or verdict)");
    return 1;
  }
  let result: PushAnswer = parsed.data;

  if (options.wait && result.verdict === "APPROVAL_REQUIRED" && result.changeRequest) {
    if (!options.json) console.log(humanSummary(result, options));
    console.error(`waiting up to ${options.timeout} for approval of change request ${result.changeRequest.id}…`);
    try {
      const waited = await waitForVerdict({
        server,
        token,
        changeRequestId: result.changeRequest.id,
        timeoutMs,
        intervalMs,
        onPoll: (state) => console.error(`  ${new Date().toISOString()} verdict ${state.verdict}${state.changeRequest.status ? ` (change request ${state.changeRequest.status})` : ""}`),
      });
      if (waited.state) result = { ...result, verdict: waited.state.verdict, changeRequest: { ...result.changeRequest, ...waited.state.changeRequest } };
      if (waited.timedOut) {
        if (options.json) printJson(result);
        console.error(`error: timed out after ${options.timeout}; the verdict is still ${result.verdict}`);
        return 1;
      }
    } catch (error) {
      if (error instanceof WaitError) {
        if (options.json) printJson(result);
        console.error(`error: ${error.message}`);
        return 1;
      }
      throw error;
    }
    if (options.json) printJson(result);
    else console.log(`verdict: ${result.verdict}`);
    return exitCodeFor(result);
  }

  if (options.wait && result.verdict === "APPROVAL_REQUIRED") console.error("cannot --wait: the server's answer names no change request");
  if (options.json) printJson(answer.body);
  else console.log(humanSummary(result, options));
  return exitCodeFor(result);
}

function fileParts(options: PushOptions): EnvelopePart[] {
  const parts: EnvelopePart[] = [{ key: "manifest", file: options.manifest! }];
  if (options.runResults) parts.push({ key: "runResults", file: options.runResults });
  if (options.catalog) parts.push({ key: "catalog", file: options.catalog });
  return parts;
}

/** Reads the folder into a native manifest; its findings go to stderr, never stdout. */
async function folderParts(dir: string, dialect: string | undefined): Promise<EnvelopePart[]> {
  const { manifest, diagnostics, stats } = await readDbtProject(dir, dialect ? { dialect: parseDialect(dialect) } : {}).catch((error: unknown) => {
    throw error instanceof ProjectFolderError && error.notAProject ? new UsageError(`--models: ${error.message}`) : error;
  });
  const json = Buffer.from(JSON.stringify(manifest), "utf8");
  const warnings = diagnostics.filter((d) => d.severity !== "info");
  console.error(
    `read ${dir}: ${stats.models} models, ${stats.sourceTables} source tables, ${stats.exposures} exposures, ${stats.metrics} metrics, ` +
      `${stats.semanticModels} semantic models, ${stats.savedQueries} saved queries, ${stats.groups} groups, ` +
      `${stats.dependencies} dependencies (${stats.dependenciesViaVars} through vars); ${stats.seeds} seeds, ${stats.snapshots} snapshots; ` +
      `${warnings.length} warnings; ${formatBytes(json.length)}`,
  );
  for (const d of warnings.slice(0, 20)) console.error(`  warning ${d.code}${d.path ? ` ${d.path}` : ""}: ${d.message}`);
  if (warnings.length > 20) console.error(`  … and ${warnings.length - 20} more warnings`);
  return [{ key: "manifest", json }];
}
