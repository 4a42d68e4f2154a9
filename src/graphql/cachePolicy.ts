/**
 * What caches a GraphQL request may use, decided once Apollo has resolved its operation:
 *
 * - A mutation drops the revisions its authentication read: its own writes move them, and
 *   whatever it reads afterwards must not come from caches keyed by the old ones.
 * - A query whose root fields all read the catalog may be answered from, and stored in, the
 *   response cache (src/http/responseCache.ts). Everything such a response can contain is
 *   catalog data that the tenant's catalog revision covers (every write to it is audited,
 *   services/catalogRevision.ts), and nothing in it depends on who asks. A test walks the
 *   schema from these roots to keep that true as types grow.
 * A request that meets any error is not stored.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { GraphQLContext } from "./context.js";

/**
 * Whether a request's answer may be stored. An object of its own because Apollo hands plugins
 * and resolvers a shallow copy of the context: the copy shares it with the HTTP route.
 */
export interface CachePolicy {
  storable: boolean;
}

export const CACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set([
  "lineage",
  "columnLineage",
  "impact",
  "search",
  "autocomplete",
  "asset",
  "assets",
  "project",
  "projects",
  "__typename",
]);

export function isCacheableOperation(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return rootFieldsAreCacheable(operation.selectionSet, fragments, new Set());
}

/** Root fields may sit in fragments on Query; each fragment is looked at once. */
function rootFieldsAreCacheable(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return CACHEABLE_ROOT_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldsAreCacheable(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    seen.add(name);
    const fragment = fragments.get(name);
    return fragment !== undefined && rootFieldsAreCacheable(fragment.selectionSet, fragments, seen);
  });
}

export function cachePolicyPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (operation?.operation !== "query") delete contextValue.revisions;
          contextValue.cachePolicy.storable = operation !== undefined && isCacheableOperation(document, operation);
        },
        async didEncounterErrors({ contextValue }) {
          contextValue.cachePolicy.storable = false;
        },
      };
    },
  };
}
