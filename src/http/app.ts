/**
 * HTTP wiring: health, the web app, the explorer, GraphQL, and REST routes.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import express, { type NextFunction, type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import { pinoHttp } from "pino-http";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { TenantSlots } from "../core/tenantSlots.js";
import { pendingMigrations, type Database } from "../db/database.js";
import { cachePolicyPlugin } from "../graphql/cachePolicy.js";
import type { GraphQLContext } from "../graphql/context.js";
import { classifyError, formatError } from "../graphql/errors.js";
import { httpStatusPlugin } from "../graphql/httpStatus.js";
import { depthLimitRule, requestLimitsPlugin } from "../graphql/limits.js";
import { RequestBudget, timeBudgetPlugin } from "../graphql/requestBudget.js";
import { createLoaders } from "../graphql/loaders.js";
import type { Logger } from "../logger.js";
import { requireToken, tenantContextOf } from "./auth.js";
import { sendGraphQLError, sendRestError } from "./errors.js";
import { sendExplorer } from "./explorer.js";
import { graphqlRoute } from "./graphqlRoute.js";
import { checkGraphQLBody } from "./jsonBody.js";
import { manifestsRouter } from "./manifestsRoute.js";
import { runsRouter } from "./runsRoute.js";
import { openLineageRouter } from "./openLineageRoute.js";
import { marquezRouter } from "./marquezRoute.js";
import { healthRouter } from "./healthRoute.js";
import { openLineageExportRouter } from "./openLineageExportRoute.js";
import { ResponseCache } from "./responseCache.js";
import { webAppRouter } from "./webApp.js";
import { changeRequestsRouter } from "./changeRequestsRoute.js";
import { observationsRouter } from "./observationsRoute.js";
import { webAppLinks } from "../services/changes/links.js";

export interface HttpApp {
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

function requestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** `webRoot`: another build of the web app than dist/web (bench/web.ts serves an earlier one to compare). */
export async function createHttpApp(options: { db: Database; config: Config; logger: Logger; schema: GraphQLSchema; now?: () => Date; webRoot?: string }): Promise<HttpApp> {
  const { db, config, logger, schema } = options;
  const now = options.now ?? (() => new Date());
  const app = express();
  /** Links people can open: the configured public URL, else the address this request came to. */
  const linksFor = (req: Request) => webAppLinks(config.publicUrl ?? `${req.protocol}://${req.get("host")}`);
  const server = createServer(app);
  app.disable("x-powered-by");
  app.set("trust proxy", true);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestId(req);
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await db.prisma.$queryRawUnsafe("SELECT 1");
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json({ status: "migrations pending", pending });
        return;
      }
      res.json({ status: "ready", database: db.kind });
    } catch {
      res.status(503).json({ status: "database unreachable" });
    }
  });
  app.get("/explorer", sendExplorer);
  app.use(webAppRouter(options.webRoot));

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // `serve` stops the whole service on SIGTERM/SIGINT (src/cli/serve.ts). Apollo's own handler
    // would stop only Apollo and then re-raise the signal, killing the process (exit 143)
    // before the database is closed and the lock released.
    stopOnTerminationSignals: false,
    // The explorer needs it; Apollo turns it off when NODE_ENV=production, which `serve` sets.
    introspection: true,
    validationRules: [depthLimitRule(config.graphql.maxDepth)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache hints (per-field bookkeeping for an HTTP Cache-Control header) are unused:
      // answers are cached here, by catalog revision.
      ApolloServerPluginCacheControlDisabled(),
      // Before the limits: a query's clock runs while it waits for its tenant's slot.
      timeBudgetPlugin(),
      requestLimitsPlugin(schema, { ...config.graphql, slots: new TenantSlots(config.graphql.tenantSlots) }),
      httpStatusPlugin(),
      cachePolicyPlugin(),
      {
        async requestDidStart({ contextValue }) {
          return {
            async didEncounterErrors({ errors }) {
              for (const error of errors) {
                if (classifyError(error, error).code === "INTERNAL") {
                  logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId }, "GraphQL resolver failed");
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get("/graphql", (req, res, next) => {
    if (req.accepts(["application/json", "text/html"]) === "text/html") res.redirect("/explorer");
    else next();
  });
  app.use(
    "/graphql",
    requireToken(db.prisma, sendGraphQLError),
    express.json({ limit: "16mb", verify: checkGraphQLBody }),
    graphqlRoute({
      apollo,
      cache: config.responseCacheBytes > 0 ? new ResponseCache(config.responseCacheBytes) : null,
      tenantOf: tenantContextOf,
      contextFor: (req, ctx) => ({
        ...ctx,
        requestId: String(req.id),
        loaders: createLoaders(ctx),
        links: linksFor(req),
        fieldLimits: config.fieldLimits,
        webhookAllowPrivate: config.webhookAllowPrivate,
        cachePolicy: { storable: false },
        now,
        budget: new RequestBudget(config.graphql.timeBudgetMs),
      }),
    }),
  );

  app.use(
    "/api/v1",
    requireToken(db.prisma, sendRestError),
    manifestsRouter(config, linksFor),
    runsRouter(config, now),
    changeRequestsRouter(),
    observationsRouter(config, linksFor, now),
    openLineageRouter({ config, now }),
    marquezRouter({ keepAnswers: config.responseCacheBytes > 0 }),
    healthRouter(now),
    openLineageExportRouter(),
  );

  app.use((_req, res) => {
    sendRestError(res, new AppError("NOT_FOUND", "No such route"));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The GraphQL body's own checks (http/jsonBody.ts), answered in the shape its client reads.
    if (error instanceof AppError) return (req.originalUrl.startsWith("/graphql") ? sendGraphQLError : sendRestError)(res, error);
    const status = (error as { status?: number }).status;
    if (status === 413) return sendRestError(res, new AppError("PAYLOAD_TOO_LARGE", "The request body is too large"));
    if (status && status >= 400 && status < 500) {
      return sendRestError(res, new AppError("BAD_USER_INPUT", (error as Error).message ?? "Bad request"));
    }
    req.log.error({ err: error }, "request failed");
    sendRestError(res, new AppError("INTERNAL", "Internal server error"));
  });

  return { server, apollo };
}
