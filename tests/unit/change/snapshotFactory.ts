/** Small, explicit snapshots for change tests: every field defaulted, overrides by name. */
import { blankAsset } from "../../../src/core/manifest/assetDefaults.js";
import type {
  CatalogSnapshot,
  SnapshotAsset,
  SnapshotColumn,
  SnapshotEdge,
  SnapshotTest,
} from "../../../src/core/manifest/snapshot.js";

export function column(name: string, overrides: Partial<SnapshotColumn> = {}): SnapshotColumn {
  return { name, dataType: "integer", description: null, position: null, tags: [], meta: {}, constraints: [], ...overrides };
}

/** Columns numbered 1… in the order given. */
export function columns(...specs: Array<string | [string, string]>): SnapshotColumn[] {
  return specs.map((spec, i) =>
    typeof spec === "string"
      ? column(spec, { position: i + 1 })
      : column(spec[0], { dataType: spec[1], position: i + 1 }),
  );
}

export function model(name: string, overrides: Partial<SnapshotAsset> = {}): SnapshotAsset {
  return {
    ...blankAsset(`model.shop.${name}`, name, "MODEL"),
    layer: name.startsWith("stg_") ? "STAGING" : name.startsWith("int_") ? "INTERMEDIATE" : "MART",
    packageName: "shop",
    database: "analytics",
    schema: "prod",
    relationName: `"analytics"."prod"."${name}"`,
    materialization: "table",
    description: `The ${name} model.`,
    rawSql: `select * from {{ ref('upstream_of_${name}') }}`,
    language: "sql",
    filePath: `models/${name}.sql`,
    access: "protected",
    columns: columns("id"),
    ...overrides,
  };
}

export function source(name: string, overrides: Partial<SnapshotAsset> = {}): SnapshotAsset {
  return model(name, {
    uniqueId: `source.shop.raw.${name}`,
    kind: "SOURCE",
    layer: null,
    schema: "raw",
    relationName: `"analytics"."raw"."${name}"`,
    materialization: null,
    rawSql: null,
    ...overrides,
  });
}

export function test(
  testType: string,
  assetName: string,
  columnName: string | null,
  overrides: Partial<SnapshotTest> = {},
): SnapshotTest {
  const attached = `model.shop.${assetName}`;
  const name = `${testType}_${assetName}_${columnName ?? "row"}`;
  return {
    uniqueId: `test.shop.${name}.0000000000`,
    name,
    testType,
    namespace: null,
    attachedUniqueId: attached,
    columnName,
    severity: "ERROR",
    kwargs: { ...(columnName === null ? {} : { column_name: columnName }), model: `{{ get_where_subquery(ref('${assetName}')) }}` },
    dependsOn: [attached],
    ...overrides,
  };
}

/** unique + not_null on a column: what the primary-key policies look for. */
export function keyTests(assetName: string, columnName: string): SnapshotTest[] {
  return [test("unique", assetName, columnName), test("not_null", assetName, columnName)];
}

export function snapshot(
  assets: SnapshotAsset[],
  tests: SnapshotTest[] = [],
  edges: SnapshotEdge[] = [],
): CatalogSnapshot {
  return {
    format: "DBT",
    projectName: "shop",
    adapter: "postgres",
    schemaVersion: "v12",
    assets,
    tests,
    edges,
    runResults: [],
    diagnostics: [],
  };
}

/** The same asset with some fields changed, for before/after pairs. */
export function edited(asset: SnapshotAsset, overrides: Partial<SnapshotAsset>): SnapshotAsset {
  return { ...asset, ...overrides };
}
