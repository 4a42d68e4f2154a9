/**
 * Cost of list fields that have no `first` (an asset's columns, owners, tests, neighbours):
 * their children times a typical length, so the cost limit (limits.ts) sees that
 * `assets(first: 500) { nodes { columns { … } } }` is hundreds of times a single asset.
 */
import type { ComplexityEstimator } from "graphql-query-complexity";

export const listCost =
  (typicalLength: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + childComplexity * typicalLength;

/** Typical lengths, from the dbt fixtures' upper range. */
export const COLUMNS_COST = listCost(20);
export const TESTS_COST = listCost(10);
export const OWNERS_COST = listCost(3);
export const NEIGHBOURS_COST = listCost(5);
