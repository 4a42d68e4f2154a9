/**
 * Column lineage of OpenLineage datasets, in the tables dbt models' column lineage lives in
 * (ColumnLineageEdge, and ModelColumnDependency for inputs that shape every row), so column
 * lineage and column impact follow them as they follow a model's. For each output dataset:
 *
 * - its stored `columnLineage` facet, when it has one: DECLARED edges, each transformation
 *   mapped to our kinds, `masking` kept, input datasets resolved among its writers' inputs
 *   (OpenLineage #1665);
 * - else the `sql` facet of each job writing it, read by our SQL engine: INFERRED edges.
 *
 * The dataset's edges are replaced only when they differ, so a replay writes nothing.
 */
import { declaredColumnLineage, resolveInputDataset, type DeclaredColumnLineage } from "../../core/openlineage/facets.js";
import { datasetRelation } from "../../core/openlineage/catalogNames.js";
import { nameKey, type NameRow } from "../../core/openlineage/eventRows.js";
import { sqlFacetLineage } from "../../core/openlineage/sqlFacetLineage.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { openLineageAssetIds, writersOf, type FacetReader, type JobIo } from "./facetStore.js";
import { columnIds, columnKey } from "./observedColumns.js";

interface Lineage extends DeclaredColumnLineage {
  origin: "DECLARED" | "INFERRED";
}

interface EdgeRow {
  fromColumnId: string;
  toColumnId: string | null;
  transform: string;
  fromAssetId: string;
  toAssetId: string;
  origin: string;
  masking: boolean;
}

/** Rewrites the column lineage of these output datasets; returns whether any changed. */
export async function writeFacetColumnLineage(tx: TenantTx, tenantId: string, projectId: string, outputs: readonly NameRow[], read: FacetReader): Promise<boolean> {
  if (outputs.length === 0) return false;
  const writers = await writersOf(tx, tenantId, outputs);
  const [declared, sql] = await Promise.all([
    read("DATASET", "columnLineage", outputs.map((o) => nameKey(o.namespace, o.name))),
    read("JOB", "sql", writers.map((w) => nameKey(w.job.namespace, w.job.name))),
  ]);
  const lineages = new Map<string, Lineage>();
  for (const output of outputs) {
    const key = nameKey(output.namespace, output.name);
    const writing = writers.filter((w) => w.outputs.some((o) => nameKey(o.namespace, o.name) === key));
    const facet = declared.get(key);
    if (facet && facet.value !== null) {
      const inputs = writing.flatMap((w) => w.inputs);
      const found = declaredColumnLineage(facet.value, (namespace, name) => resolveInputDataset(namespace, name, inputs));
      lineages.set(key, { origin: "DECLARED", edges: found?.edges ?? [], rows: found?.rows ?? [] });
    } else {
      lineages.set(key, { origin: "INFERRED", ...inferredFromSql(output, writing, sql) });
    }
  }

  const datasets = [...outputs, ...[...lineages.values()].flatMap((l) => [...l.edges, ...l.rows].map((e) => e.from))];
  const assets = await openLineageAssetIds(tx, projectId, "DATASET", datasets);
  const assetOf = (d: NameRow) => assets.get(nameKey(d.namespace, d.name));
  const inferred = (l: Lineage) => l.origin === "INFERRED";
  const { ids } = await columnIds(tx, tenantId, [
    ...[...lineages].flatMap(([key, l]) => {
      const toAssetId = assets.get(key);
      return toAssetId ? l.edges.map((e) => ({ assetId: toAssetId, name: e.to, inferred: inferred(l) })) : [];
    }),
    ...[...lineages.values()].flatMap((l) =>
      [...l.edges, ...l.rows].flatMap((e) => {
        const assetId = assetOf(e.from);
        return assetId ? [{ assetId, name: e.from.field, inferred: inferred(l) }] : [];
      }),
    ),
  ]);

  const wanted: EdgeRow[] = [];
  for (const [key, lineage] of lineages) {
    const toAssetId = assets.get(key);
    if (!toAssetId) continue;
    const from = (input: { namespace: string; name: string; field: string }) => {
      const fromAssetId = assetOf(input);
      const fromColumnId = fromAssetId && ids.get(columnKey(fromAssetId, input.field));
      return fromAssetId && fromColumnId ? { fromAssetId, fromColumnId } : null;
    };
    for (const edge of lineage.edges) {
      const start = from(edge.from);
      const toColumnId = ids.get(columnKey(toAssetId, edge.to));
      if (start && toColumnId) wanted.push({ ...start, toColumnId, toAssetId, transform: edge.transform, origin: lineage.origin, masking: edge.masking });
    }
    for (const row of lineage.rows) {
      const start = from(row.from);
      if (start) wanted.push({ ...start, toColumnId: null, toAssetId, transform: row.transform, origin: lineage.origin, masking: row.masking });
    }
  }
  return replaceEdges(tx, tenantId, [...new Set([...lineages.keys()].map((k) => assets.get(k)).filter((id): id is string => !!id))], wanted);
}

function inferredFromSql(output: NameRow, writing: readonly JobIo[], sql: Map<string, { value: unknown }>): DeclaredColumnLineage {
  const edges: DeclaredColumnLineage["edges"] = [];
  const rows: DeclaredColumnLineage["rows"] = [];
  for (const writer of writing) {
    const facet = sql.get(nameKey(writer.job.namespace, writer.job.name))?.value as { query?: unknown; dialect?: unknown } | null | undefined;
    if (typeof facet?.query !== "string") continue;
    const dialect = typeof facet.dialect === "string" ? facet.dialect : (datasetRelation(output.namespace, output.name)?.adapter ?? null);
    const found = sqlFacetLineage(facet.query, dialect, writer);
    if (!found || nameKey(found.output.namespace, found.output.name) !== nameKey(output.namespace, output.name)) continue;
    edges.push(...found.edges);
    rows.push(...found.rows);
  }
  return { edges, rows };
}

const edgeKey = (e: EdgeRow) => JSON.stringify([e.fromColumnId, e.toColumnId, e.transform, e.origin, e.masking]);

/** Replaces the edges into these assets with `wanted`, when they differ. */
async function replaceEdges(tx: TenantTx, tenantId: string, toAssetIds: readonly string[], wanted: readonly EdgeRow[]): Promise<boolean> {
  if (toAssetIds.length === 0) return false;
  const stored = await tx.$queryRawUnsafe<EdgeRow[]>(
    `SELECT "fromColumnId", "toColumnId", "transform"::text AS "transform", "fromAssetId", "toAssetId", "origin"::text AS "origin", "masking"
     FROM "ColumnLineageEdge" WHERE "tenantId" = $1 AND "toAssetId" = ANY($2::text[])
     UNION ALL
     SELECT "fromColumnId", NULL, "transform"::text, "fromAssetId", "toAssetId", "origin"::text, "masking"
     FROM "ModelColumnDependency" WHERE "tenantId" = $1 AND "toAssetId" = ANY($2::text[])`,
    tenantId,
    [...toAssetIds],
  );
  // One row per key: a kind listed twice for the same pair merges its masking.
  const merged = new Map<string, EdgeRow>();
  for (const edge of wanted) {
    const key = JSON.stringify([edge.fromColumnId, edge.toColumnId, edge.toAssetId, edge.transform]);
    const known = merged.get(key);
    merged.set(key, known ? { ...known, masking: known.masking || edge.masking } : edge);
  }
  const next = [...merged.values()];
  const same = stored.length === next.length && new Set(stored.map(edgeKey)).size === new Set([...stored, ...next].map(edgeKey)).size;
  if (same) return false;
  await tx.$executeRawUnsafe(`DELETE FROM "ColumnLineageEdge" WHERE "tenantId" = $1 AND "toAssetId" = ANY($2::text[])`, tenantId, [...toAssetIds]);
  await tx.$executeRawUnsafe(`DELETE FROM "ModelColumnDependency" WHERE "tenantId" = $1 AND "toAssetId" = ANY($2::text[])`, tenantId, [...toAssetIds]);
  const edges = next.filter((e) => e.toColumnId !== null);
  const rows = next.filter((e) => e.toColumnId === null);
  if (edges.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ColumnLineageEdge" ("tenantId", "fromColumnId", "toColumnId", "transform", "toAssetId", "fromAssetId", "origin", "masking")
       SELECT $1, x."fromColumnId", x."toColumnId", x."transform"::"ColumnTransform", x."toAssetId", x."fromAssetId", x."origin"::"EdgeOrigin", x."masking"
       FROM jsonb_to_recordset($2::jsonb) AS x("fromColumnId" text, "toColumnId" text, "transform" text, "toAssetId" text, "fromAssetId" text, "origin" text, "masking" boolean)
       ORDER BY 2, 3, 4
       ON CONFLICT DO NOTHING`,
      tenantId,
      JSON.stringify(edges),
    );
  }
  if (rows.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ModelColumnDependency" ("tenantId", "toAssetId", "fromColumnId", "transform", "fromAssetId", "origin", "masking")
       SELECT $1, x."toAssetId", x."fromColumnId", x."transform"::"ColumnTransform", x."fromAssetId", x."origin"::"EdgeOrigin", x."masking"
       FROM jsonb_to_recordset($2::jsonb) AS x("toAssetId" text, "fromColumnId" text, "transform" text, "fromAssetId" text, "origin" text, "masking" boolean)
       ORDER BY 2, 3, 4
       ON CONFLICT DO NOTHING`,
      tenantId,
      JSON.stringify(rows),
    );
  }
  return true;
}
