/**
 * Prisma's schema engine compiled to WASM: migrations without the native binary that this
 * machine cannot download (STACK.md §3). Loaded once per process, only by migration paths.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let engineModule: Promise<EngineModule> | undefined;

/** Node has WebAssembly at runtime; the ES lib typings (without DOM) only declare its namespace. */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, unknown>): Promise<{ exports: Record<string, unknown> }>;
}

/** The package's own entry imports the .wasm as an ES module, which Node cannot; wire it by hand. */
async function loadEngineModule(): Promise<EngineModule> {
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const module = await wasm.compile(await readFile(wasmPath));
  const instance = await wasm.instantiate(module, { "./schema_engine_bg.js": bg });
  const exports = instance.exports as { __wbindgen_start?: () => void };
  (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  return bg;
}

export async function withSchemaEngine<T>(
  options: { schemaPath: string; schemaText: string; adapter: SqlMigrationAwareDriverAdapterFactory; log?: (line: string) => void },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  engineModule ??= loadEngineModule();
  const bg = await engineModule;
  const engine = (await bg.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    (line: string) => options.log?.(line),
    bindMigrationAwareSqlAdapterFactory(options.adapter),
  )) as SchemaEngine;
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}
