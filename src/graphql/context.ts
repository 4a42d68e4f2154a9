import type { TenantContext } from "../services/actor.js";

/** Per-request GraphQL context: the verified tenant context plus request-scoped helpers. */
export interface GraphQLContext extends TenantContext {
  requestId: string;
}
