/**
 * `tributary push --run-results <file>` and/or `--sources <file>` without a manifest: a
 * production run's artifacts go to `POST /api/v1/runs`, streamed like a manifest, and the
 * answer is summed up (runs recorded, duplicates, unknown assets, freshness changes).
 */
import { z } from "zod";
import { describeErrorAnswer } from "./pushReport.js";
import { prepareEnvelope, uploadEnvelope, type EnvelopePart } from "./pushUpload.js";
import { printJson } from "./run.js";

const runsAnswerSchema = z.looseObject({
  runs: z.object({ received: z.number(), recorded: z.number(), duplicates: z.number() }),
  tests: z.object({ received: z.number(), recorded: z.number() }),
  unknown: z.array(z.string()),
  unknownCount: z.number(),
  freshness: z.object({ evaluated: z.number(), changed: z.number(), events: z.number() }),
});

export interface PushRunsOptions {
  project: string;
  runResults?: string;
  sources?: string;
  json?: boolean;
}

export async function pushRuns(options: PushRunsOptions, server: URL, token: string): Promise<number> {
  const parts: EnvelopePart[] = [];
  if (options.runResults) parts.push({ key: "runResults", file: options.runResults });
  if (options.sources) parts.push({ key: "sources", file: options.sources });
  const prepared = await prepareEnvelope({ project: options.project, mode: "apply", parts });
  const answer = await uploadEnvelope({ url: new URL("api/v1/runs", server), token, prepared, onProgress: () => undefined });
  if (answer.status < 200 || answer.status >= 300 || answer.body === null) {
    const message = describeErrorAnswer(answer.status, answer.body, answer.text, answer.location);
    if (options.json) printJson(answer.body ?? { error: { code: `HTTP_${answer.status}`, message } });
    console.error(`error: ${message}`);
    return 1;
  }
  const parsed = runsAnswerSchema.safeParse(answer.body);
  if (!parsed.success) {
    console.error("error: the server's answer is not a runs result: is --server the Tributary URL?");
    return 1;
  }
  if (options.json) {
    printJson(answer.body);
    return 0;
  }
  const { runs, tests, unknown, unknownCount, freshness } = parsed.data;
  console.log(`runs: ${runs.recorded} recorded, ${runs.duplicates} already known; test results: ${tests.recorded} recorded`);
  if (unknownCount > 0) console.log(`not in the catalog (${unknownCount}): ${unknown.slice(0, 5).join(", ")}${unknownCount > 5 ? ", …" : ""}`);
  console.log(`freshness: ${freshness.evaluated} assets evaluated, ${freshness.changed} changed, ${freshness.events} alerts`);
  return 0;
}
