/** Code-unit order, the same on every machine, database and locale (not a collation; `COLLATE "C"` compares so). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
