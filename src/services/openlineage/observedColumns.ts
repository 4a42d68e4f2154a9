/**
 * The columns of OpenLineage datasets, as Column rows of their assets, so that column lineage,
 * search and drift read them as they read a model's:
 *
 * - a `schema` facet (the stored one) sets the dataset's live columns to those it lists, in its
 *   order, with their types; the others are marked removed. No facet keeps what is known; an
 *   empty `fields` list, or a deleted facet, clears it (OpenLineage #3401: missing keeps, empty
 *   clears).
 * - a column named only by column lineage (an input field, an output field) is added, so its
 *   edges have ends; a later schema facet decides whether it stays.
 */
import { randomUUID } from "node:crypto";
import { columnDefinition } from "../../core/manifest/columnDefinition.js";
import type { ObservedColumn } from "../../core/openlineage/facets.js";
import { analyzeGrownTables } from "../../db/plannerStatistics.js";
import type { TenantTx } from "../../db/tenantScope.js";

const columnKey = (assetId: string, name: string) => `${assetId}\u0000${name}`;

/**
 * The table each new Column row's foreign key is checked against, one look-up per row: its
 * statistics are brought up to date first (plannerStatistics.ts). Every time, not once a second:
 * intake's batches come faster than that while they double a new catalog's assets, and the
 * checks then ran with a plan for a far smaller table (PostgreSQL: 48 ms of a 55 ms column write).
 */
const COLUMN_REFERENCES = ["Asset"];

/** The definition of each column (core/manifest/columnDefinition.ts), by [name, description]. */
function definitionsOf(columns: readonly { name: string; description: string | null }[]) {
  const ids = new Map<string, string>();
  const definitions = new Map<string, ReturnType<typeof columnDefinition>>();
  for (const column of columns) {
    const definition = columnDefinition(column.name, column.description);
    definitions.set(definition.id, definition);
    ids.set(JSON.stringify([column.name, column.description]), definition.id);
  }
  return { ids, rows: [...definitions.values()] };
}

/** Inserts the definitions of these columns; answers their ids by [name, description]. */
async function writeDefinitions(tx: TenantTx, tenantId: string, columns: readonly { name: string; description: string | null }[]): Promise<Map<string, string>> {
  const { ids, rows } = definitionsOf(columns);
  if (rows.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ColumnDefinition" ("tenantId", "id", "name", "description")
       SELECT $1, x."id", x."name", x."description" FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "name" text, "description" text)
       ORDER BY x."id" ON CONFLICT DO NOTHING`,
      tenantId,
      JSON.stringify(rows),
    );
  }
  return ids;
}

/**
 * Sets each asset's live columns to the listed ones (an empty list clears). Returns how many
 * column rows changed. One statement writes the definitions, the listed columns and the removals:
 * the upsert touches only listed names and the removal only the others, so no row is written twice.
 */
export async function writeObservedColumns(tx: TenantTx, tenantId: string, given: ReadonlyMap<string, readonly ObservedColumn[]>): Promise<number> {
  const byAsset = await changedOnly(tx, tenantId, given);
  if (byAsset.size === 0) return 0;
  const listed = [...byAsset].flatMap(([assetId, columns]) => columns.map((c) => ({ assetId, ...c })));
  const definitions = definitionsOf(listed);
  // Ids made here: PGlite's gen_random_uuid() costs a read of its random device per row.
  const rows = listed.map((c) => ({ ...c, id: randomUUID(), definitionId: definitions.ids.get(JSON.stringify([c.name, c.description]))! }));
  if (rows.length > 0) await analyzeGrownTables(tx, COLUMN_REFERENCES);
  const [changed] = await tx.$queryRawUnsafe<{ upserted: number; removed: number }[]>(
    `WITH definitions AS (
       INSERT INTO "ColumnDefinition" ("tenantId", "id", "name", "description")
       SELECT $1, x."id", x."name", x."description" FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "name" text, "description" text)
       ORDER BY x."id" ON CONFLICT DO NOTHING),
     upserted AS (
       INSERT INTO "Column" AS c ("tenantId", "id", "assetId", "name", "dataType", "description", "position", "inferred", "contentHash", "definitionId")
       SELECT $1, x."id", x."assetId", x."name", x."dataType", x."description", x."position", false, 'openlineage', x."definitionId"
       FROM jsonb_to_recordset($3::jsonb) AS x("id" text, "assetId" text, "name" text, "dataType" text, "description" text, "position" int, "definitionId" text)
       ORDER BY x."assetId", x."name"
       ON CONFLICT ("tenantId", "assetId", "name") DO UPDATE SET
         "dataType" = EXCLUDED."dataType", "description" = EXCLUDED."description", "position" = EXCLUDED."position",
         "inferred" = false, "definitionId" = EXCLUDED."definitionId", "removedAt" = NULL
       WHERE (c."dataType", c."description", c."position", c."inferred", c."definitionId", c."removedAt")
         IS DISTINCT FROM (EXCLUDED."dataType", EXCLUDED."description", EXCLUDED."position", false, EXCLUDED."definitionId", NULL::timestamp)
       RETURNING 1),
     -- Each column against its own asset's list: a NOT EXISTS over all the listed columns was
     -- planned as a nested loop, every live column against every listed one.
     removed AS (
       UPDATE "Column" c SET "removedAt" = now()
       FROM jsonb_to_recordset($4::jsonb) AS x("assetId" text, "names" text[])
       WHERE c."tenantId" = $1 AND c."assetId" = x."assetId" AND c."removedAt" IS NULL AND NOT (c."name" = ANY(x."names"))
       RETURNING 1)
     SELECT (SELECT count(*) FROM upserted)::int AS "upserted", (SELECT count(*) FROM removed)::int AS "removed"`,
    tenantId,
    JSON.stringify(definitions.rows),
    JSON.stringify(rows),
    JSON.stringify([...byAsset].map(([assetId, columns]) => ({ assetId, names: columns.map((c) => c.name) }))),
  );
  return (changed?.upserted ?? 0) + (changed?.removed ?? 0);
}

/** The assets whose live columns are not already exactly these: most events repeat the schema. */
async function changedOnly(tx: TenantTx, tenantId: string, given: ReadonlyMap<string, readonly ObservedColumn[]>): Promise<Map<string, readonly ObservedColumn[]>> {
  if (given.size === 0) return new Map();
  const live = await tx.$queryRawUnsafe<{ assetId: string; name: string; dataType: string | null; description: string | null; position: number | null; inferred: boolean }[]>(
    `SELECT "assetId", "name", "dataType", "description", "position", "inferred" FROM "Column"
     WHERE "tenantId" = $1 AND "assetId" = ANY($2::text[]) AND "removedAt" IS NULL ORDER BY "assetId", "position", "name"`,
    tenantId,
    [...given.keys()],
  );
  const shape = (c: { name: string; dataType: string | null; description: string | null; position: number | null }) => JSON.stringify([c.name, c.dataType, c.description, c.position]);
  const stored = new Map<string, string[]>();
  for (const c of live) {
    const list = stored.get(c.assetId) ?? [];
    list.push(c.inferred ? "inferred" : shape(c));
    stored.set(c.assetId, list);
  }
  return new Map(
    [...given].filter(([assetId, columns]) => {
      const known = stored.get(assetId) ?? [];
      return known.length !== columns.length || columns.some((c, i) => known[i] !== shape(c));
    }),
  );
}

/**
 * The id of each (asset, column) named by lineage, adding the columns not yet known (`inferred`:
 * named by SQL read here, not by a producer). Columns a schema facet removed stay removed.
 */
export async function columnIds(
  tx: TenantTx,
  tenantId: string,
  wanted: readonly { assetId: string; name: string; inferred: boolean }[],
): Promise<{ ids: Map<string, string>; added: number }> {
  if (wanted.length === 0) return { ids: new Map(), added: 0 };
  // The assets' known columns first (one indexed read), then only the new ones are written.
  const known = await tx.$queryRawUnsafe<{ id: string; assetId: string; name: string }[]>(
    `SELECT "id", "assetId", "name" FROM "Column" WHERE "tenantId" = $1 AND "assetId" = ANY($2::text[])`,
    tenantId,
    [...new Set(wanted.map((w) => w.assetId))],
  );
  const ids = new Map(known.map((row) => [columnKey(row.assetId, row.name), row.id]));
  const missing = [...new Map(wanted.filter((w) => !ids.has(columnKey(w.assetId, w.name))).map((w) => [columnKey(w.assetId, w.name), w])).values()];
  if (missing.length === 0) return { ids, added: 0 };
  const definitions = await writeDefinitions(tx, tenantId, missing.map((w) => ({ name: w.name, description: null })));
  const rows = missing.map((w) => ({ ...w, id: randomUUID(), definitionId: definitions.get(JSON.stringify([w.name, null]))! }));
  await analyzeGrownTables(tx, COLUMN_REFERENCES);
  // A concurrent writer may add the same column first: its row is read back below.
  const inserted = await tx.$queryRawUnsafe<{ id: string; assetId: string; name: string }[]>(
    `INSERT INTO "Column" ("tenantId", "id", "assetId", "name", "inferred", "contentHash", "definitionId")
     SELECT $1, x."id", x."assetId", x."name", x."inferred", 'openlineage', x."definitionId"
     FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "assetId" text, "name" text, "inferred" boolean, "definitionId" text)
     ORDER BY x."assetId", x."name"
     ON CONFLICT DO NOTHING
     RETURNING "id", "assetId", "name"`,
    tenantId,
    JSON.stringify(rows),
  );
  for (const row of inserted) ids.set(columnKey(row.assetId, row.name), row.id);
  if (inserted.length < rows.length) {
    const raced = await tx.$queryRawUnsafe<{ id: string; assetId: string; name: string }[]>(
      `SELECT "id", "assetId", "name" FROM "Column" WHERE "tenantId" = $1 AND "assetId" = ANY($2::text[])`,
      tenantId,
      [...new Set(missing.map((w) => w.assetId))],
    );
    for (const row of raced) ids.set(columnKey(row.assetId, row.name), row.id);
  }
  return { ids, added: inserted.length };
}

export { columnKey };
