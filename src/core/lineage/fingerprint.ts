/**
 * A 32-bit FNV-1a hash of an index's content. Cursors carry it, so a page asked for after the
 * graph changed is refused instead of silently skipping or repeating nodes.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class Fingerprint {
  private hash = FNV_OFFSET;

  addString(value: string): this {
    let hash = this.hash;
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), FNV_PRIME);
    this.hash = Math.imul(hash, FNV_PRIME);
    return this;
  }

  addStrings(values: readonly string[]): this {
    for (const value of values) this.addString(value);
    return this;
  }

  addNumber(value: number): this {
    this.hash = Math.imul(this.hash ^ (value & 0xffff), FNV_PRIME);
    this.hash = Math.imul(this.hash ^ (value >>> 16), FNV_PRIME);
    return this;
  }

  addInts(values: Int32Array | Uint8Array): this {
    for (let i = 0; i < values.length; i++) this.addNumber(values[i]!);
    return this;
  }

  hex(): string {
    return (this.hash >>> 0).toString(16).padStart(8, "0");
  }
}
