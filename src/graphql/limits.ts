/**
 * Query depth and cost limits, so one request cannot ask for the whole catalog at once.
 * Cost: each field 1, times the `first` of its list (type-graphql `complexity` extensions
 * can raise a field's own cost).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type GraphQLSchema, type ValidationRule } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "./types/connection.js";
import type { GraphQLContext } from "./context.js";

export function depthLimitRule(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    ignoreIntrospection: true,
    exposeLimits: true,
    // Report as a validation error (a client mistake), instead of throwing out of validation.
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  }) as unknown as ValidationRule;
}

/** List fields cost their children times the page size asked for. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.depth === "number" ? DEFAULT_PAGE_SIZE : undefined;
  return first === undefined ? undefined : 1 + childComplexity * Math.max(1, first);
};

export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for smaller pages or fewer fields`, {
              extensions: { code: "BAD_USER_INPUT", cost, limit: maxCost },
            });
          }
        },
      };
    },
  };
}
