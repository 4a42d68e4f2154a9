/**
 * What the server runs with: the V8 flags (package.json's start script and the Dockerfile give
 * them on the command line, where they must be: V8 fixes its heap sizes at start), and the
 * environment `tributary serve` sets when none is given. Benchmarks start their server and
 * ingest processes with the same ones, so they measure what `npm start` runs.
 */
import { HEAP_GROWING_PERCENT } from "../../src/cli/heapGrowth.js";

/** `serve` sets the heap growth cap itself (src/cli/heapGrowth.ts); processes that do not run it get the flag. */
export const SERVER_V8_FLAGS = ["--max-semi-space-size=64", `--heap-growing-percent=${HEAP_GROWING_PERCENT}`];

export const SERVER_ENV = { NODE_ENV: "production" };
