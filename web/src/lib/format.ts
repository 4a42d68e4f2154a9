/** How numbers, spans and kinds read on the pages: one wording everywhere. */

/** 0.934 → "93.4 %"; null → "—". */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${(share * 100).toFixed(share >= 0.9995 || share === 0 ? 0 : 1)} %`;
}

/** 95 → "1 h 35 min"; under a minute → "under a minute". */
export function minutes(total: number | null | undefined): string {
  if (total === null || total === undefined) return "—";
  if (total < 1) return "under a minute";
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = Math.round(total % 60);
  return [days ? `${days} d` : "", hours ? `${hours} h` : "", mins ? `${mins} min` : ""].filter(Boolean).join(" ") || "0 min";
}

/** 61_500 ms → "1 min 2 s"; 850 → "0.9 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes(Math.floor(ms / 60_000))}${seconds ? ` ${seconds} s` : ""}`;
}

export const dateTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : "—");

/** 1234567 → "1,234,567" in the reader's locale. */
export const count = (n: number | null | undefined): string => (n === null || n === undefined ? "—" : n.toLocaleString());

/** The words a person reads for an asset kind (OpenLineage's own kinds say where they come from). */
export function kindLabel(kind: string): string {
  if (kind === "JOB") return "OpenLineage job";
  if (kind === "DATASET") return "OpenLineage dataset";
  return kind.toLowerCase().replace(/_/g, " ");
}

/**
 * An OpenLineage asset's namespace, from its unique id (Marquez's node id,
 * `dataset:<namespace>:<name>` or `job:<namespace>:<name>`, core/openlineage/catalogNames.ts).
 * `name` is the OpenLineage name: a dataset's relation name when it names one, else its name.
 */
export function openLineageNamespace(asset: { kind: string; uniqueId: string; name: string; relationName?: string | null }): string | null {
  const prefix = asset.kind === "JOB" ? "job:" : asset.kind === "DATASET" ? "dataset:" : null;
  if (!prefix || !asset.uniqueId.startsWith(prefix)) return null;
  const name = asset.relationName ?? asset.name;
  const rest = asset.uniqueId.slice(prefix.length);
  return rest.endsWith(`:${name}`) ? rest.slice(0, rest.length - name.length - 1) : null;
}

/** The trend's direction from its first known point to its last, in words. */
export function trendWord(values: (number | null)[], higherIsBetter = true): { word: string; className: string } {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return { word: "no trend yet", className: "muted" };
  const delta = known[known.length - 1]! - known[0]!;
  if (Math.abs(delta) < 1e-9) return { word: "steady", className: "muted" };
  const better = delta > 0 === higherIsBetter;
  return { word: delta > 0 ? "rising" : "falling", className: better ? "trend-better" : "trend-worse" };
}
