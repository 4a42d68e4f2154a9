/**
 * `tributary observe <file>`: posts metric values to a Tributary server (`POST /api/v1/observations`)
 * and prints the anomalies found. The file holds `{"observations": […]}`, a JSON array of
 * observations, or JSON Lines (one observation per line). Large files go in batches.
 */
import { readFile } from "node:fs/promises";
import { Command, CommanderError, Option } from "commander";
import { MAX_OBSERVATIONS_PER_BATCH } from "../core/anomaly/observationInput.js";
import { DEFAULT_SERVER, serverUrl } from "./push.js";
import { describeErrorAnswer } from "./pushReport.js";
import { uploadEnvelope } from "./pushUpload.js";
import { action, printJson, UsageError } from "./run.js";

/** Rows per request: well under the server's limit, so each request's transaction stays short. */
const BATCH = 10_000;

interface ObserveOptions {
  server: string;
  token?: string;
  json?: boolean;
  failOnAnomaly?: boolean;
}

interface AnomalyAnswer {
  id: string;
  at: string;
  actual: number;
  expectedRange: { lower: number; upper: number };
  zScore: number;
}

export function observeCommand(): Command {
  return new Command("observe")
    .description("Post metric values (observations) to a Tributary server and print the anomalies found")
    .argument("<file>", "JSON {\"observations\": […]}, a JSON array, or JSON Lines; each {asset, name?, at | date, value, dimensions?}")
    .addOption(new Option("--server <url>", "the Tributary server").env("TRIBUTARY_URL").default(DEFAULT_SERVER))
    .addOption(new Option("--token <token>", "an API token with the CI role or above").env("TRIBUTARY_TOKEN"))
    .option("--json", "print the server's JSON answers on stdout")
    .option("--fail-on-anomaly", "exit 1 when an anomaly was found")
    .exitOverride((error: CommanderError) => {
      if (error.exitCode === 0) process.exit(0);
      process.exit(2);
    })
    .action(
      action(async (file: string, options: ObserveOptions) => {
        process.exitCode = await runObserve(file, options);
      }),
    );
}

export async function runObserve(file: string, options: ObserveOptions): Promise<number> {
  const token = options.token?.trim();
  if (!token) throw new UsageError("an API token is required: pass --token or set TRIBUTARY_TOKEN");
  const server = serverUrl(options.server);
  const observations = parseObservationsFile(await readFile(file, "utf8").catch(() => {
    throw new UsageError(`${file} is not a readable file`);
  }), file);

  const anomalies: AnomalyAnswer[] = [];
  let accepted = 0;
  for (let i = 0; i < observations.length; i += BATCH) {
    const json = Buffer.from(JSON.stringify({ observations: observations.slice(i, i + BATCH) }), "utf8");
    const prepared = { totalBytes: json.length, chunks: async function* () { yield json; } };
    const { status, body: answer, text, location } = await uploadEnvelope({ url: new URL("api/v1/observations", server), token, prepared });
    if (options.json) printJson(answer ?? { error: { code: `HTTP_${status}`, message: text.slice(0, 200) } });
    if (status < 200 || status >= 300 || !answer) {
      const where = observations.length > BATCH ? ` (batch from observation ${i})` : "";
      console.error(`error${where}: ${describeErrorAnswer(status, answer, text, location)}`);
      return 1;
    }
    const result = answer as { accepted: number; anomalies: AnomalyAnswer[] };
    accepted += result.accepted;
    anomalies.push(...result.anomalies);
  }
  if (!options.json) {
    console.log(`Stored ${accepted} observation${accepted === 1 ? "" : "s"}; ${anomalies.length === 0 ? "no anomalies" : `${anomalies.length} anomal${anomalies.length === 1 ? "y" : "ies"}:`}`);
    for (const a of anomalies) {
      console.log(`  ${a.at}  ${a.actual}  expected ${round(a.expectedRange.lower)} to ${round(a.expectedRange.upper)}  z = ${round(a.zScore)}  ${a.id}`);
    }
  }
  return options.failOnAnomaly && anomalies.length > 0 ? 1 : 0;
}

/** The three shapes a file may have; anything else is a usage error naming the file. */
export function parseObservationsFile(text: string, file: string): unknown[] {
  const body = text.replace(/^\uFEFF/, "").trim();
  if (body === "") throw new UsageError(`${file} is empty`);
  const whole = safeJson(body);
  let observations: unknown;
  if (whole !== undefined) observations = Array.isArray(whole) ? whole : (whole as { observations?: unknown })?.observations;
  else {
    observations = body.split(/\r?\n/).filter((line) => line.trim() !== "").map((line, n) => {
      const value = safeJson(line);
      if (value === undefined) throw new UsageError(`${file}:${n + 1} is not JSON (expected one observation per line)`);
      return value;
    });
  }
  if (!Array.isArray(observations) || observations.length === 0) {
    throw new UsageError(`${file} holds no observations: expected {"observations": […]}, a JSON array, or JSON Lines`);
  }
  if (observations.length > MAX_OBSERVATIONS_PER_BATCH * 100) throw new UsageError(`${file} holds more than ${MAX_OBSERVATIONS_PER_BATCH * 100} observations: split it`);
  return observations;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
