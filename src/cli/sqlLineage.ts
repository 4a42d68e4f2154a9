import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { Command } from "commander";
import { z } from "zod";
import { analyzeSql, dialectSchema, parseDialect, tableSchemaSchema, type SqlAnalysis } from "../core/sql/index.js";

/** One request line of `--jsonl`, in the snake_case the issue specifies. */
const jsonlRequestSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  sql: z.string(),
  dialect: z.string().optional(),
  schema: tableSchemaSchema.optional(),
  default_database: z.string().optional(),
  default_schema: z.string().optional(),
});

export interface SqlLineageOptions {
  dialect?: string;
  jsonl?: boolean;
}

/** `tributary sql-lineage [--dialect D] [--jsonl] [FILE]`. */
export function sqlLineageCommand(io: { stdin?: Readable; stdout?: Writable } = {}): Command {
  return new Command("sql-lineage")
    .description("Print the tables and column lineage of SQL (a dbt model or plain SQL) as JSON; --jsonl streams one request per line")
    .argument("[file]", "SQL file to analyse (default: standard input)")
    .option("--dialect <dialect>", `SQL dialect: ${dialectSchema.options.join(", ")}`)
    .option("--jsonl", "read JSON requests line by line and write one JSON result per line")
    .action(async (file: string | undefined, options: SqlLineageOptions) => {
      const input = file ? createReadStream(file) : (io.stdin ?? process.stdin);
      await runSqlLineage(input, io.stdout ?? process.stdout, options);
    });
}

export async function runSqlLineage(input: Readable, output: Writable, options: SqlLineageOptions): Promise<void> {
  if (options.jsonl) return streamJsonl(input, output, options.dialect);
  const sql = await readAll(input);
  const analysis = analyzeSql({ sql, dialect: parseDialect(options.dialect) });
  await write(output, JSON.stringify(toJson(analysis), null, 2) + "\n");
}

/** Stays up for the whole stream; a bad line gets an error line, and the next line is read. */
async function streamJsonl(input: Readable, output: Writable, defaultDialect: string | undefined): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    await write(output, JSON.stringify(answer(line, defaultDialect)) + "\n");
  }
}

function answer(line: string, defaultDialect: string | undefined): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { id: null, error: "line is not valid JSON" };
  }
  const request = jsonlRequestSchema.safeParse(parsed);
  if (!request.success) {
    const issue = request.error.issues[0];
    const id = typeof parsed === "object" && parsed !== null && "id" in parsed ? (parsed as { id: unknown }).id : null;
    return { id, error: `${issue?.path.join(".") || "(line)"}: ${issue?.message ?? "invalid request"}` };
  }
  const { id, sql, dialect, schema, default_database, default_schema } = request.data;
  const analysis = analyzeSql({
    sql,
    dialect: parseDialect(dialect ?? defaultDialect),
    ...(schema ? { schema } : {}),
    ...(default_database ? { defaultDatabase: default_database } : {}),
    ...(default_schema ? { defaultSchema: default_schema } : {}),
  });
  return { id: id ?? null, ...toJson(analysis) };
}

/** The CLI's JSON: table names as written (quotes removed), one lineage entry per output column and transform. */
export function toJson(analysis: SqlAnalysis): Record<string, unknown> {
  return {
    sources: analysis.sources.map((t) => t.name),
    targets: analysis.targets.map((t) => t.name),
    intermediates: analysis.intermediates.map((t) => t.name),
    paths: analysis.paths,
    column_lineage: analysis.columnLineage.flatMap((column) => {
      const byTransform = new Map<string, { table: string; column: string }[]>();
      for (const source of column.sources) {
        const list = byTransform.get(source.transform) ?? [];
        list.push({ table: source.table, column: source.column });
        byTransform.set(source.transform, list);
      }
      if (byTransform.size === 0) return [{ target: column.target, sources: [], transform: "DIRECT" }];
      return [...byTransform].map(([transform, sources]) => ({ target: column.target, sources, transform }));
    }),
    jinja: {
      refs: analysis.jinja.refs.map(({ name, package: pkg, version }) => ({ name, ...(pkg !== undefined ? { package: pkg } : {}), ...(version !== undefined ? { version } : {}) })),
      sources: analysis.jinja.sources.map(({ source, table }) => ({ source, table })),
      unresolved: analysis.jinja.unresolved,
    },
    diagnostics: analysis.diagnostics,
  };
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function write(output: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (output.write(text)) resolve();
    else {
      output.once("drain", resolve);
      output.once("error", reject);
    }
  });
}
