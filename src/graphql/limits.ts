/**
 * What one request may ask for, so that no request can stall the server:
 *
 * - Depth: at most GRAPHQL_MAX_DEPTH levels (a validation rule).
 * - Size: at most MAX_QUERY_NODES fields, fragments counted each time they are spread.
 * - Cost: each field 1, times the `first` of its list (type-graphql `complexity` extensions can
 *   raise a field's own cost), plus the work of each root field (EXPENSIVE_ROOTS, else
 *   ROOT_STATEMENT_WORK); at most GRAPHQL_MAX_COST.
 * - Expensive roots: at most GRAPHQL_MAX_EXPENSIVE_ROOTS of them, however cheap their pages.
 * - A request with expensive roots takes one of its tenant's slots (core/tenantSlots.ts) for
 *   as long as it runs, so one tenant's burst cannot occupy the whole server.
 * Refusals are BAD_USER_INPUT naming the limit and the measure (HTTP 400, httpStatus.ts); a
 * full queue of the tenant is TOO_MANY_REQUESTS (429).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator, type ComplexityEstimatorArgs } from "graphql-query-complexity";
import { AppError } from "../core/errors.js";
import type { TenantSlots } from "../core/tenantSlots.js";
import { DEFAULT_PAGE_SIZE } from "./types/connection.js";
import type { GraphQLContext } from "./context.js";

export const MAX_QUERY_NODES = 10_000;

/**
 * The work of a root field that searches, walks lineage or lists the catalog, on top of what
 * it returns, in the unit of the cost limit (a plain field: 1). Set from bench/queries.ts's
 * uncached answers at 20k assets, where a plain field takes microseconds: search ~17 ms,
 * impact and column lineage ~26 ms, lineage and autocomplete ~5 ms; listing a page of assets
 * or change requests is an indexed query and a count.
 */
export const EXPENSIVE_ROOTS: Readonly<Record<string, number>> = {
  search: 1_000,
  impact: 1_500,
  columnLineage: 1_500,
  lineage: 500,
  autocomplete: 300,
  assets: 200,
  changeRequests: 200,
  // Groups the tenant's live assets by adapter and database, as listing a page of assets scans them.
  openLineageNamespaces: 200,
};

/**
 * Every other root field (a lookup by id, a count, a short list) runs at least one database
 * statement, ~0.5 ms where a search takes ~17 ms: thousands of aliased lookups cost what
 * they do, not 1 each. Introspection (`__typename`, `__schema`) is free.
 */
export const ROOT_STATEMENT_WORK = 30;

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

const FIELD_ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), pagedEstimator, simpleEstimator({ defaultComplexity: 1 })];

function fieldCost(args: ComplexityEstimatorArgs): number {
  for (const estimator of FIELD_ESTIMATORS) {
    const cost = estimator(args);
    if (typeof cost === "number" && !Number.isNaN(cost)) return cost;
  }
  return 1;
}

interface OperationSize {
  cost: number;
  expensiveRoots: number;
}

/**
 * The operation's cost and how many expensive roots it asks for (skipped fields not counted);
 * null when its variables do not coerce, which Apollo then answers naming the variable.
 */
function measureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): OperationSize | null {
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return null;
  let expensiveRoots = 0;
  const queryType = schema.getQueryType();
  const mutationType = schema.getMutationType();
  const withRootWork: ComplexityEstimator = (args) => {
    const isRoot = (args.type === queryType || args.type === mutationType) && !args.field.name.startsWith("__");
    if (!isRoot) return fieldCost(args);
    const work = args.type === queryType ? EXPENSIVE_ROOTS[args.field.name] : undefined;
    if (work !== undefined) expensiveRoots++;
    return (work ?? ROOT_STATEMENT_WORK) + fieldCost(args);
  };
  try {
    const cost = getComplexity({ schema, query: document, operationName: operation.name?.value, variables, estimators: [withRootWork], maxQueryNodes: MAX_QUERY_NODES });
    return { cost, expensiveRoots };
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw refusal(`The query has more than ${MAX_QUERY_NODES} fields (a fragment counts each time it is used); split it`, { limit: MAX_QUERY_NODES });
    }
    throw error;
  }
}

interface RequestLimits {
  maxCost: number;
  maxExpensiveRoots: number;
  slots: TenantSlots;
}

export function requestLimitsPlugin(schema: GraphQLSchema, limits: RequestLimits): ApolloServerPlugin<GraphQLContext> {
  const { maxCost, maxExpensiveRoots, slots } = limits;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          if (!operation) return;
          const size = measureOperation(schema, document, operation, request.variables);
          if (!size) return;
          if (size.expensiveRoots > maxExpensiveRoots) {
            throw refusal(
              `The query asks for ${size.expensiveRoots} search, lineage, impact or list fields (${Object.keys(EXPENSIVE_ROOTS).join(", ")}); at most ${maxExpensiveRoots} per request`,
              { expensiveRoots: size.expensiveRoots, limit: maxExpensiveRoots },
            );
          }
          if (size.cost > maxCost) {
            throw refusal(`Query cost ${size.cost} exceeds the limit of ${maxCost}; ask for smaller pages or fewer fields`, { cost: size.cost, limit: maxCost });
          }
          if (size.expensiveRoots > 0) await takeSlot(slots, contextValue);
        },
      };
    },
  };
}

/** Holds one of the tenant's slots until the request is finished (RequestBudget). */
async function takeSlot(slots: TenantSlots, ctx: GraphQLContext): Promise<void> {
  const outcome = await slots.acquire(ctx.tenant.id, ctx.budget.signal).catch((reason: unknown) => {
    throw reason instanceof AppError ? asGraphQLError(reason) : reason;
  });
  if ("refused" in outcome) {
    const { concurrency, queue } = slots.limits;
    throw asGraphQLError(
      new AppError("TOO_MANY_REQUESTS", `Your tenant already has ${concurrency} search, lineage or list requests running and ${queue} waiting; send this one when one of them has answered`, {
        concurrency,
        queue,
      }),
    );
  }
  ctx.budget.whenFinished(outcome.acquired);
}

function refusal(message: string, details: Record<string, unknown>): GraphQLError {
  return asGraphQLError(new AppError("BAD_USER_INPUT", message, details));
}

/** Errors thrown from plugin hooks reach formatError as GraphQLErrors; the code and details ride in extensions. */
function asGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
}
