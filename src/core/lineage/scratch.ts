/**
 * Per-index working memory for traversals: a "visited" mark per node and one integer slot per
 * node. Marks are epoch stamps, so starting a new traversal is O(1) instead of clearing arrays.
 * Safe to share between requests because every traversal runs synchronously to the end.
 */
export class VisitScratch {
  private readonly stamps: Uint32Array;
  /** Free for the current traversal's use; meaningful only for marked nodes. */
  readonly slot: Int32Array;
  private epoch = 0;

  constructor(nodeCount: number) {
    this.stamps = new Uint32Array(nodeCount);
    this.slot = new Int32Array(nodeCount);
  }

  /** Forget every mark. */
  reset(): void {
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
  }

  isMarked(node: number): boolean {
    return this.stamps[node] === this.epoch;
  }

  mark(node: number, slotValue: number): void {
    this.stamps[node] = this.epoch;
    this.slot[node] = slotValue;
  }

  get byteSize(): number {
    return this.stamps.byteLength + this.slot.byteLength;
  }
}
