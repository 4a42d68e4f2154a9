/**
 * POST/GET /graphql: Apollo Server behind the response cache.
 *
 * This is what @as-integrations/express5 does (an Express request in, Apollo's HTTP answer
 * out), written here because the cache needs the answer as Apollo serialized it, to store and
 * to send again without running GraphQL.
 */
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import type { IncomingMessage } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { abandonableWith } from "../db/abandonWork.js";
import type { GraphQLContext } from "../graphql/context.js";
import type { TenantContext } from "../services/actor.js";
import { ResponseCache, type CacheOutcome, type ComputedAnswer, type HttpAnswer } from "./responseCache.js";

/** The request body as received, kept by the JSON parser (its `verify` hook) for cache keys. */
export type WithRawBody = { rawBody?: Buffer };

export function keepRawBody(req: IncomingMessage, _res: unknown, body: Buffer): void {
  (req as IncomingMessage & WithRawBody).rawBody = body;
}

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GraphQLContext>;
  /** null: no response cache (TRIBUTARY_RESPONSE_CACHE=0). */
  cache: ResponseCache | null;
  /** The authenticated tenant context of this request (set by requireToken). */
  tenantOf: (res: Response) => TenantContext;
  /** The GraphQL context, built only when GraphQL runs. */
  contextFor: (req: Request, ctx: TenantContext) => GraphQLContext;
}

export function graphqlRoute(options: GraphQLRouteOptions): RequestHandler {
  const { apollo, cache, tenantOf, contextFor } = options;

  async function answer(req: Request, ctx: TenantContext): Promise<{ answer: HttpAnswer; outcome: CacheOutcome | null }> {
    const execute = () => executeGraphQL(apollo, req, contextFor(req, ctx));
    const key = cache && cacheKey(req as Request & WithRawBody, ctx);
    if (!cache || !key) return { answer: (await execute()).answer, outcome: null };
    return cache.answer(key, { fresh: wantsFresh(req) }, execute);
  }

  return (req, res, next) => {
    answer(req, tenantOf(res)).then(({ answer, outcome }) => send(res, answer, outcome), next);
  };
}

/** Runs the request under its budget's signal (db/abandonWork.ts); finishing it frees the tenant slot it held. */
async function executeGraphQL(apollo: ApolloServer<GraphQLContext>, req: Request, contextValue: GraphQLContext): Promise<ComputedAnswer> {
  const { budget } = contextValue;
  const response = await abandonableWith(budget.signal, () =>
    apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: apolloRequest(req), context: async () => contextValue }),
  ).finally(() => budget.finish());
  const status = response.status ?? 200;
  return { answer: { status, headers: [...response.headers], body: await bodyOf(response) }, cacheable: status === 200 && contextValue.cachePolicy.storable };
}

function apolloRequest(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const query = req.originalUrl.indexOf("?");
  return { method: req.method.toUpperCase(), headers, search: query >= 0 ? req.originalUrl.slice(query) : "", body: req.body };
}

/** Incremental delivery (@defer, @stream) needs graphql 17; with 16 every answer is complete. */
async function bodyOf(response: HTTPGraphQLResponse): Promise<Buffer> {
  if (response.body.kind === "complete") return Buffer.from(response.body.string);
  const chunks: string[] = [];
  for await (const chunk of response.body.asyncIterator) chunks.push(chunk);
  return Buffer.from(chunks.join(""));
}

/** Only POSTed JSON (the body is the question); GET requests and other bodies run uncached. */
function cacheKey(req: Request & WithRawBody, ctx: TenantContext): string | null {
  if (req.method !== "POST" || !req.rawBody || !ctx.revisions) return null;
  return ResponseCache.key({
    tenantId: ctx.tenant.id,
    catalogRevision: ctx.revisions.catalog,
    role: ctx.actor.role,
    accept: req.headers.accept ?? "",
    body: req.rawBody.toString("utf8"),
  });
}

function wantsFresh(req: Request): boolean {
  return /\bno-cache\b/i.test(req.headers["cache-control"] ?? "") || /\bno-cache\b/i.test(String(req.headers.pragma ?? ""));
}

function send(res: Response, answer: HttpAnswer, outcome: CacheOutcome | null): void {
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  if (outcome) res.setHeader("tributary-cache", outcome);
  res.setHeader("content-length", answer.body.length);
  res.status(answer.status).end(answer.body);
}
