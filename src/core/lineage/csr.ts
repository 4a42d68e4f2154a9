/**
 * Compressed sparse rows: the neighbours of node `n` are `targets[offsets[n] .. offsets[n+1])`,
 * each with a small label (edge origin or column transform) in `labels` at the same position.
 * Rows are sorted by target, so walking them visits neighbours in id order.
 */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly labels: Uint8Array;
}

/**
 * What to do with two rows for the same (source, target) pair: `merge` ORs their labels into
 * one edge (origin flags); `distinct` keeps one edge per different label (transforms).
 */
export type DuplicatePolicy = "merge" | "distinct";

export interface EdgeList {
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  readonly labels: Uint8Array;
  readonly length: number;
}

export function buildCsr(nodeCount: number, edges: EdgeList, labelBits: number, duplicates: DuplicatePolicy): Csr {
  if (nodeCount * 2 ** labelBits >= 2 ** 31) throw new RangeError(`graph too large for a packed CSR: ${nodeCount} nodes`);
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edges.length; e++) offsets[edges.sources[e]! + 1]!++;
  for (let n = 0; n < nodeCount; n++) offsets[n + 1]! += offsets[n]!;

  // Target and label packed into one int so one numeric sort per row orders both.
  const packed = new Int32Array(edges.length);
  const cursor = offsets.slice(0, nodeCount);
  for (let e = 0; e < edges.length; e++) {
    packed[cursor[edges.sources[e]!]!++] = (edges.targets[e]! << labelBits) | edges.labels[e]!;
  }
  return compactRows(nodeCount, offsets, packed, labelBits, duplicates);
}

function compactRows(
  nodeCount: number,
  offsets: Int32Array,
  packed: Int32Array,
  labelBits: number,
  duplicates: DuplicatePolicy,
): Csr {
  const labelMask = (1 << labelBits) - 1;
  const outOffsets = new Int32Array(nodeCount + 1);
  const targets = new Int32Array(packed.length);
  const labels = new Uint8Array(packed.length);
  let written = 0;
  for (let n = 0; n < nodeCount; n++) {
    const begin = offsets[n]!;
    const end = offsets[n + 1]!;
    sortRange(packed, begin, end);
    for (let i = begin; i < end; i++) {
      const target = packed[i]! >> labelBits;
      const label = packed[i]! & labelMask;
      const last = written - 1;
      const sameTarget = written > outOffsets[n]! && targets[last] === target;
      if (sameTarget && duplicates === "merge") {
        labels[last]! |= label;
      } else if (!(sameTarget && labels[last] === label)) {
        targets[written] = target;
        labels[written] = label;
        written++;
      }
    }
    outOffsets[n + 1] = written;
  }
  return {
    offsets: outOffsets,
    targets: written === packed.length ? targets : targets.slice(0, written),
    labels: written === packed.length ? labels : labels.slice(0, written),
  };
}

/** Insertion sort for the many short rows; a typed-array sort (which needs a view) for long ones. */
function sortRange(values: Int32Array, begin: number, end: number): void {
  if (end - begin > 24) {
    values.subarray(begin, end).sort();
    return;
  }
  for (let i = begin + 1; i < end; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= begin && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

/** The same edges seen from the other end. */
export function reverseCsr(csr: Csr, labelBits: number): Csr {
  const nodeCount = csr.offsets.length - 1;
  const edgeCount = csr.targets.length;
  const sources = new Int32Array(edgeCount);
  for (let n = 0; n < nodeCount; n++) sources.fill(n, csr.offsets[n]!, csr.offsets[n + 1]!);
  return buildCsr(nodeCount, { sources: csr.targets, targets: sources, labels: csr.labels, length: edgeCount }, labelBits, "distinct");
}

export function csrByteSize(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + csr.labels.byteLength;
}

/** Whether `from` has an edge to `to` (rows are sorted, so a binary search). */
export function hasEdge(csr: Csr, from: number, to: number): boolean {
  let low = csr.offsets[from]!;
  let high = csr.offsets[from + 1]! - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const target = csr.targets[mid]!;
    if (target === to) return true;
    if (target < to) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
