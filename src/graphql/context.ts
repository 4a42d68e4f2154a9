import type { FieldLimits } from "../core/manifest/index.js";
import type { TenantContext } from "../services/actor.js";
import type { ChangeRequestLinks } from "../services/changes/changeRequests.js";
import type { CachePolicy } from "./cachePolicy.js";
import type { Loaders } from "./loaders.js";
import type { RequestBudget } from "./requestBudget.js";

/** Per-request GraphQL context: the verified tenant context plus request-scoped helpers. */
export interface GraphQLContext extends TenantContext {
  requestId: string;
  /** Batching loaders, created for this request only (see loaders.ts). */
  loaders: Loaders;
  /** Links to this service that people can open (change requests in the web app). */
  links: ChangeRequestLinks;
  /** The largest manifest fields submitManifest accepts (TRIBUTARY_MAX_NAME, …). */
  fieldLimits: FieldLimits;
  /** Whether webhooks may point at private networks (TRIBUTARY_WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: boolean;
  /** Whether this request's answer may be stored in the response cache (set by cachePolicy.ts). */
  cachePolicy: CachePolicy;
  /** The time (injected so that tests move it): what health windows end at. */
  now: () => Date;
  /** The query's execution-time budget; its signal stops the request's work (requestBudget.ts). */
  budget: RequestBudget;
}
