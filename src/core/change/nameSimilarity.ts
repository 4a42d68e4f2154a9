/**
 * How alike two column names are, 0 … 1: the better of edit-distance similarity
 * (`cust_id` ~ `custid`) and shared `_`-separated words (`lifetime_value` ~
 * `customer_lifetime_value`).
 */
export function nameSimilarity(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left === right) return 1;
  return Math.max(editSimilarity(left, right), wordOverlap(left, right));
}

function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

function wordOverlap(a: string, b: string): number {
  const left = new Set(a.split(/_+/).filter((w) => w !== ""));
  const right = new Set(b.split(/_+/).filter((w) => w !== ""));
  const smaller = Math.min(left.size, right.size);
  if (smaller === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  // Shared words relative to the shorter name, damped so `id` alone does not pair `a_id` with `b_id`.
  return (shared / smaller) * (shared / Math.max(left.size, right.size)) ** 0.5;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
