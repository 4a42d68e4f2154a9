import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the heap grow past what the last full collection kept: 1.5×. Left to itself,
 * V8 grows it up to 4× when a post allocates fast (the rows being built, SQL syntax trees), so
 * a 7,500-model post that keeps about 400 MB alive peaked at 1.1 GB of heap, mostly garbage;
 * capped, 570 MB, in no more time (issue 13, docs/benchmarks.md "Project folders").
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets the cap for this process. V8 reads the flag at each collection, so setting it at start
 * works whatever launched the server (`--heap-growing-percent` is not allowed in NODE_OPTIONS).
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
