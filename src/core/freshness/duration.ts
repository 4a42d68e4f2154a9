/** SLA durations as people write them in `meta`: `15m`, `1h`, `1h30m`, `2d`, or a number of minutes. */
const MINUTES: Readonly<Record<string, number>> = { m: 1, min: 1, h: 60, d: 1_440 };
const PART = /(\d+)\s*(min|m|h|d)/g;

/** Whole minutes, or null when the text is not a positive duration. */
export function parseMinutes(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase().replace(/\s+/g, "");
  if (/^\d+$/.test(text)) return parseMinutes(Number(text));
  const parts = [...text.matchAll(PART)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return null;
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * MINUTES[p[2]!]!, 0);
  return total > 0 ? total : null;
}

export function formatMinutes(minutes: number): string {
  if (minutes % 1_440 === 0) return `${minutes / 1_440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return minutes > 60 ? `${Math.floor(minutes / 60)}h${minutes % 60}m` : `${minutes}m`;
}
