import type { DbtRef, DbtSource } from "./analysis.js";
import type { TableSchema } from "./input.js";

/** The canonical spelling of a ref call, used as its table name: `ref('pkg', 'orders', v=2)`. */
export function refName(ref: DbtRef): string {
  const args = [ref.package, ref.name].filter((a): a is string => a !== undefined).map((a) => `'${a}'`);
  if (ref.version !== undefined) args.push(`v=${ref.version}`);
  return `ref(${args.join(", ")})`;
}

export function sourceName(source: DbtSource): string {
  return `source('${source.source}', '${source.table}')`;
}

/**
 * Finds a relation's columns in a caller-given schema. Keys are matched case-insensitively, in
 * order: the name as written, the name completed with the default database/schema, and finally a
 * unique key that ends with the written name (`orders` finds `analytics.public.orders`).
 */
export class SchemaLookup {
  private readonly byKey = new Map<string, string[]>();

  constructor(
    schema: TableSchema | undefined,
    private readonly defaultDatabase?: string,
    private readonly defaultSchema?: string,
  ) {
    for (const [key, columns] of Object.entries(schema ?? {})) this.byKey.set(normalizeKey(key), Object.keys(columns));
  }

  columns(candidates: string[][]): string[] | undefined {
    if (this.byKey.size === 0) return undefined;
    for (const parts of candidates) {
      for (const key of this.keysFor(parts)) {
        const found = this.byKey.get(key);
        if (found) return found;
      }
    }
    for (const parts of candidates) {
      const suffix = "." + parts.join(".").toLowerCase();
      const matches = [...this.byKey.keys()].filter((key) => key.endsWith(suffix));
      if (matches.length === 1) return this.byKey.get(matches[0]!);
    }
    return undefined;
  }

  private keysFor(parts: string[]): string[] {
    const keys = [parts.join(".")];
    if (parts.length === 1 && this.defaultSchema) {
      keys.push(`${this.defaultSchema}.${parts[0]}`);
      if (this.defaultDatabase) keys.push(`${this.defaultDatabase}.${this.defaultSchema}.${parts[0]}`);
    }
    if (parts.length === 2 && this.defaultDatabase) keys.push(`${this.defaultDatabase}.${parts.join(".")}`);
    return keys.map(normalizeKey);
  }
}

function normalizeKey(key: string): string {
  return key.replace(/["`[\]]/g, "").replace(/\s+/g, "").toLowerCase();
}
