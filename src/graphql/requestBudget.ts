/**
 * A query's execution-time budget (GRAPHQL_TIME_BUDGET_MS). When it runs out, the request's
 * signal aborts: its resolvers stop at their next database call (db/abandonWork.ts), a request
 * still waiting for a tenant slot leaves the queue, and the answer is one TIME_BUDGET_EXCEEDED
 * error, however many resolvers were cut short. Mutations have no budget: they write in one
 * transaction and finish, and are bounded by the size of their input.
 *
 * One object per request, shared by the HTTP route (which runs the request under its signal
 * and finishes it) and Apollo's plugins (which start it and hang the request's slot on it).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { AppError } from "../core/errors.js";
import type { GraphQLContext } from "./context.js";

export class RequestBudget {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly finishers: (() => void)[] = [];

  constructor(readonly ms: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get exceeded(): boolean {
    return this.controller.signal.aborted;
  }

  /** Starts the clock; from now on the request's work stops when the budget runs out. */
  start(): void {
    this.timer ??= setTimeout(() => this.controller.abort(budgetExceeded(this.ms)), this.ms);
  }

  /** Runs `finisher` when the request is done (answered, its execution over). */
  whenFinished(finisher: () => void): void {
    this.finishers.push(finisher);
  }

  finish(): void {
    clearTimeout(this.timer);
    for (const finisher of this.finishers.splice(0)) finisher();
  }
}

function budgetExceeded(ms: number): AppError {
  return new AppError(
    "TIME_BUDGET_EXCEEDED",
    `The query ran longer than its time budget of ${ms} ms and was stopped; ask for less (fewer search, lineage or impact fields, smaller pages)`,
    { budgetMs: ms },
  );
}

/** Starts each query's budget once Apollo knows the operation; answers an exceeded one with its error alone. */
export function timeBudgetPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === "query") contextValue.budget.start();
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.budget.exceeded || response.body.kind !== "single") return;
          const error = contextValue.budget.signal.reason as AppError;
          response.body.singleResult = { errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] };
          response.http.status = error.httpStatus;
        },
      };
    },
  };
}
