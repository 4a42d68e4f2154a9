/**
 * A model's primary key, as far as the manifest tells. Documented choice, first match wins:
 *
 * 1. columns with a `primary_key` constraint (dbt ≥ 1.5 model contracts);
 * 2. the columns of a `primary_key` test (dbt_constraints);
 * 3. a column with both a uniqueness and a not-null test;
 * 4. the columns of a `unique_combination_of_columns` test (dbt_utils);
 * 5. by name: `id`, `<model>_id` or `<singular model>_id`, the model name without its layer
 *    prefix (`stg_`, `int_`, `fct_`, `dim_` …) and package part (`stg_hubspot__contacts` → `contact_id`);
 * 6. a column with a uniqueness test only.
 */
import type { SnapshotAsset, SnapshotTest } from "../manifest/snapshot.js";
import { testedColumnsOf } from "./testTarget.js";

export type PrimaryKeySource = "CONSTRAINT" | "PRIMARY_KEY_TEST" | "TESTS" | "UNIQUE_COMBINATION" | "NAME" | "UNIQUE_TEST";

export interface PrimaryKey {
  /** Lower-cased column names. */
  columns: string[];
  source: PrimaryKeySource;
}

const UNIQUE_TESTS = new Set(["unique", "expect_column_values_to_be_unique"]);
const NOT_NULL_TESTS = new Set(["not_null", "expect_column_values_to_not_be_null"]);
const LAYER_PREFIX = /^(stg|base|int|fct|fact|dim|mart|rpt)_/;

export function findPrimaryKey(asset: SnapshotAsset, tests: readonly SnapshotTest[]): PrimaryKey | null {
  const constrained = asset.columns.filter((c) => c.constraints.some((k) => constraintType(k) === "primary_key"));
  if (constrained.length > 0) return { columns: constrained.map((c) => c.name.toLowerCase()), source: "CONSTRAINT" };

  const pkTest = tests.find((t) => t.testType === "primary_key");
  if (pkTest !== undefined && testedColumnsOf(pkTest).length > 0) {
    return { columns: testedColumnsOf(pkTest), source: "PRIMARY_KEY_TEST" };
  }
  const unique = singleColumnsTestedBy(tests, UNIQUE_TESTS);
  const notNull = singleColumnsTestedBy(tests, NOT_NULL_TESTS);
  const both = orderedColumns(asset).find((c) => unique.has(c) && notNull.has(c)) ?? [...unique].find((c) => notNull.has(c));
  if (both !== undefined) return { columns: [both], source: "TESTS" };

  const combination = tests.find((t) => t.testType === "unique_combination_of_columns");
  if (combination !== undefined && testedColumnsOf(combination).length > 0) {
    return { columns: testedColumnsOf(combination), source: "UNIQUE_COMBINATION" };
  }
  const named = keyNamesFor(asset.name).find((name) => orderedColumns(asset).includes(name));
  if (named !== undefined) return { columns: [named], source: "NAME" };

  const uniqueOnly = orderedColumns(asset).find((c) => unique.has(c)) ?? [...unique][0];
  return uniqueOnly === undefined ? null : { columns: [uniqueOnly], source: "UNIQUE_TEST" };
}

export interface KeyTestCoverage {
  missingUnique: boolean;
  /** Key columns without a not-null test (or an enforced not_null constraint). */
  missingNotNull: string[];
}

export function keyTestCoverage(asset: SnapshotAsset, tests: readonly SnapshotTest[], key: PrimaryKey): KeyTestCoverage {
  const columns = [...key.columns].sort();
  const unique = singleColumnsTestedBy(tests, UNIQUE_TESTS);
  const notNull = singleColumnsTestedBy(tests, NOT_NULL_TESTS);
  const coversAll = (t: SnapshotTest): boolean => sameColumns(testedColumnsOf(t), columns);
  const pkTests = tests.filter((t) => t.testType === "primary_key" && coversAll(t));
  const uniqueCovered =
    pkTests.length > 0 ||
    (columns.length === 1 && unique.has(columns[0] ?? "")) ||
    tests.some((t) => t.testType === "unique_combination_of_columns" && coversAll(t));
  const enforcedNotNull = new Set(
    asset.contractEnforced
      ? asset.columns
          .filter((c) => c.constraints.some((k) => ["not_null", "primary_key"].includes(constraintType(k) ?? "")))
          .map((c) => c.name.toLowerCase())
      : [],
  );
  return {
    missingUnique: !uniqueCovered,
    missingNotNull: pkTests.length > 0 ? [] : columns.filter((c) => !notNull.has(c) && !enforcedNotNull.has(c)),
  };
}

/** Tests that make up the key checks themselves: a mart needs at least one test besides these. */
export function isKeyTest(test: SnapshotTest, key: PrimaryKey | null): boolean {
  if (key === null) return false;
  const tested = testedColumnsOf(test);
  if (test.testType === "primary_key" || test.testType === "unique_combination_of_columns") return sameColumns(tested, key.columns);
  if (UNIQUE_TESTS.has(test.testType) || NOT_NULL_TESTS.has(test.testType)) {
    return tested.length === 1 && key.columns.includes(tested[0] ?? "");
  }
  return false;
}

function keyNamesFor(modelName: string): string[] {
  const entity = (modelName.toLowerCase().split("__").pop() ?? "").replace(LAYER_PREFIX, "");
  const singular = entity.endsWith("ies") ? `${entity.slice(0, -3)}y` : entity.endsWith("s") ? entity.slice(0, -1) : entity;
  return ["id", `${entity}_id`, `${singular}_id`];
}

function singleColumnsTestedBy(tests: readonly SnapshotTest[], types: ReadonlySet<string>): Set<string> {
  return new Set(tests.filter((t) => types.has(t.testType) && t.columnName !== null).map((t) => t.columnName!.toLowerCase()));
}

function orderedColumns(asset: SnapshotAsset): string[] {
  return [...asset.columns]
    .sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER))
    .map((c) => c.name.toLowerCase());
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((c, i) => c === [...b].sort()[i]);
}

function constraintType(constraint: unknown): string | null {
  if (constraint === null || typeof constraint !== "object" || !("type" in constraint)) return null;
  const type = (constraint as { type: unknown }).type;
  return typeof type === "string" ? type.toLowerCase() : null;
}
