/**
 * HTTP statuses of GraphQL answers that carry no data (the request failed before or instead
 * of execution): the status of the first error's code (core/errors.ts), so a client's mistake
 * (a parse, validation or variable error, a query over the limits) is a 4xx and never a 500.
 *
 * One exception, from GraphQL over HTTP: a client that asks for plain `application/json` (and
 * not `application/graphql-response+json`) gets its GraphQL request errors (400) with status
 * 200, as such clients expect; any other Accept header (curl's and fetch's "any type"
 * included), or none, gets the 4xx.
 * Answers with data (field errors included) keep Apollo's 200.
 */
import type { ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { ERROR_CODES, type ErrorCode } from "../core/errors.js";
import type { GraphQLContext } from "./context.js";

export function httpStatusPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          const code = String(errors[0]!.extensions?.code ?? "INTERNAL");
          const status = ERROR_CODES[code as ErrorCode] ?? ERROR_CODES.INTERNAL;
          response.http.status = status === ERROR_CODES.BAD_USER_INPUT && asksForPlainJson(request.http?.headers) ? 200 : status;
          if (code === "TOO_MANY_REQUESTS") response.http.headers.set("retry-after", "1");
        },
      };
    },
  };
}

function asksForPlainJson(headers: HeaderMap | undefined): boolean {
  const accept = headers?.get("accept")?.toLowerCase() ?? "";
  return /\bapplication\/json\b/.test(accept) && !accept.includes("application/graphql-response+json");
}
