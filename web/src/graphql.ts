/**
 * Typed GraphQL documents: gql.tada reads the types from schema/schema.graphql (through the
 * generated graphql-env.d.ts), so a schema change that breaks a page breaks `npm run typecheck`.
 */
import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";
