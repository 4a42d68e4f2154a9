/** The depths the lineage page offers; "all" is no limit. */
const DEPTHS = [1, 2, 3, 5, 10];

/**
 * The Depth menu's choices, with the depth the address asks for among them when it is not one of
 * the usual ones (a link with `depth=9` must show "9 hops", not the first choice).
 */
export function depthOptions(current: number | null): { value: string; label: string }[] {
  const depths = current === null || DEPTHS.includes(current) ? DEPTHS : [...DEPTHS, current].sort((a, b) => a - b);
  return [...depths.map((d) => ({ value: String(d), label: `${d} hop${d === 1 ? "" : "s"}` })), { value: "all", label: "all hops" }];
}
