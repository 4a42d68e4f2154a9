/**
 * `tributary health --project P [--window day|week|month] [--layer L]`: a project's health from a
 * Tributary server (`GET /api/v1/projects/:project/health`): run success rate, time to
 * recovery, freshness SLA compliance, test pass rate, documentation coverage and the quality score.
 */
import { Command, CommanderError, Option } from "commander";
import type { HealthReport } from "../services/health/health.js";
import { DEFAULT_SERVER, serverUrl } from "./push.js";
import { describeErrorAnswer } from "./pushReport.js";
import { getJson } from "./pushUpload.js";
import { action, printJson, UsageError } from "./run.js";

interface HealthOptions {
  project: string;
  window: string;
  layer?: string;
  server: string;
  token?: string;
  json?: boolean;
}

export function healthCommand(): Command {
  return new Command("health")
    .description("Print a project's health over a window: run success, recovery, freshness SLA compliance, tests, documentation, quality score")
    .requiredOption("--project <name>", "the project")
    .addOption(new Option("--window <window>", "the window ending now").choices(["day", "week", "month"]).default("week"))
    .addOption(new Option("--layer <layer>", "only this layer's assets").choices(["staging", "intermediate", "mart", "other"]))
    .addOption(new Option("--server <url>", "the Tributary server").env("TRIBUTARY_URL").default(DEFAULT_SERVER))
    .addOption(new Option("--token <token>", "an API token (any role)").env("TRIBUTARY_TOKEN"))
    .option("--json", "print the server's JSON answer")
    .exitOverride((error: CommanderError) => {
      if (error.exitCode === 0) process.exit(0);
      process.exit(2);
    })
    .action(
      action(async (options: HealthOptions) => {
        process.exitCode = await runHealth(options);
      }),
    );
}

type HealthAnswer = Omit<HealthReport, "from" | "to" | "trend"> & { project: string; layer: string | null };

export async function runHealth(options: HealthOptions): Promise<number> {
  const token = options.token?.trim();
  if (!token) throw new UsageError("an API token is required: pass --token or set TRIBUTARY_TOKEN");
  const url = new URL(`api/v1/projects/${encodeURIComponent(options.project)}/health`, serverUrl(options.server));
  url.searchParams.set("window", options.window.toUpperCase());
  if (options.layer) url.searchParams.set("layer", options.layer.toUpperCase());
  const { status, body, text } = await getJson(url, token);
  if (status < 200 || status >= 300 || !body) {
    console.error(`error: ${describeErrorAnswer(status, body, text)}`);
    return 1;
  }
  if (options.json) printJson(body);
  else printHealth(body as HealthAnswer);
  return 0;
}

function printHealth(h: HealthAnswer): void {
  const percent = (share: number | null) => (share === null ? "no data" : `${(share * 100).toFixed(1)} %`);
  console.log(`${h.project}${h.layer ? ` (${h.layer.toLowerCase()} layer)` : ""}, last ${h.window.toLowerCase()}:`);
  console.log(`  quality score          ${h.qualityScore === null ? "no data" : h.qualityScore.toFixed(1)}`);
  console.log(`  run success rate       ${percent(h.successRate)} of ${h.runs} runs (${h.failedRuns} failed)`);
  console.log(`  mean time to recovery  ${h.meanTimeToRecoveryMinutes === null ? "no recovery" : `${Math.round(h.meanTimeToRecoveryMinutes)} min over ${h.recoveries} recoveries`}`);
  console.log(`  freshness SLA met      ${percent(h.slaCompliance)}`);
  console.log(`  test pass rate         ${percent(h.testPassRate)} of ${h.testResults} results`);
  console.log(`  documentation          ${percent(h.documentationCoverage)}`);
}
