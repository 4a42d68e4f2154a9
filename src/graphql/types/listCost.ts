/**
 * The lists inside an asset (columns, owners, tests, neighbours) are small for most assets but
 * not bounded by the manifest (a hub has a thousand children): they take `first` (at most
 * MAX_NESTED_LIST) and `offset`, and cost their children times a typical length, so the cost
 * limit (limits.ts) sees that `assets(first: 500) { nodes { columns { … } } }` is hundreds of
 * times a single asset.
 */
import { ArgsType, Field, Int } from "type-graphql";
import type { ComplexityEstimator } from "graphql-query-complexity";
import { badInput } from "../../core/errors.js";

export const MAX_NESTED_LIST = 1000;

@ArgsType()
export class NestedListArgs {
  @Field(() => Int, { defaultValue: MAX_NESTED_LIST, description: `At most ${MAX_NESTED_LIST}.` })
  first!: number;

  @Field(() => Int, { defaultValue: 0, description: "Items to skip, for the rest of a long list." })
  offset!: number;
}

/** The requested slice of a nested list; a bad `first` or `offset` is BAD_USER_INPUT. */
export function nestedSlice<T>(items: readonly T[], args: NestedListArgs): T[] {
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_NESTED_LIST) {
    throw badInput(`first must be between 0 and ${MAX_NESTED_LIST}`, { argument: "first", max: MAX_NESTED_LIST });
  }
  if (!Number.isInteger(args.offset) || args.offset < 0) throw badInput("offset must be 0 or more", { argument: "offset" });
  return items.slice(args.offset, args.offset + args.first);
}

export const listCost =
  (typicalLength: number): ComplexityEstimator =>
  ({ childComplexity, args }) =>
    1 + childComplexity * Math.min(typicalLength, typeof args.first === "number" ? args.first : typicalLength);

/** Typical lengths, from the dbt fixtures' upper range. */
export const COLUMNS_COST = listCost(20);
export const TESTS_COST = listCost(10);
export const OWNERS_COST = listCost(3);
export const NEIGHBOURS_COST = listCost(5);
