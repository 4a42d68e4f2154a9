/**
 * The one place tenant isolation is enforced for Prisma model queries: a client extension
 * that adds `tenantId` to every filter and every row written, for every model but Tenant.
 * Services get only a scoped client, so no query can forget the tenant. Raw SQL is not
 * covered: raw queries take the tenant id as their first parameter by convention. It is also
 * where an abandoned request's work stops (abandonWork.ts), raw queries included.
 */
import { LRUCache } from "lru-cache";
import type { PrismaClient } from "../generated/prisma/client.js";
import { throwIfAbandoned } from "./abandonWork.js";

type Args = Record<string, unknown>;

const UNSCOPED_MODELS = new Set(["Tenant"]);
const CREATE_ONE = new Set(["create"]);
const CREATE_MANY = new Set(["createMany", "createManyAndReturn"]);
const WRITES_DATA = new Set(["update", "updateMany", "updateManyAndReturn"]);

/**
 * The client scoped to one tenant. Made once per tenant and Prisma client, not per request:
 * `$extends` costs about as much as a small query (it builds a new client object).
 */
export function scopeToTenant(prisma: PrismaClient, tenantId: string): TenantDb {
  let scoped = scopedClients.get(prisma);
  if (!scoped) scopedClients.set(prisma, (scoped = new LRUCache<string, TenantDb>({ max: MAX_SCOPED_CLIENTS })));
  let db = scoped.get(tenantId);
  if (!db) scoped.set(tenantId, (db = extendForTenant(prisma, tenantId)));
  return db;
}

/** Tenants beyond this many (least recently used first) get their client made again when next seen. */
const MAX_SCOPED_CLIENTS = 1_000;
const scopedClients = new WeakMap<PrismaClient, LRUCache<string, TenantDb>>();

function extendForTenant(prisma: PrismaClient, tenantId: string) {
  return prisma.$extends({
    name: "tenant-scope",
    query: {
      // Model operations and raw queries alike: a request that was abandoned stops here.
      $allOperations({ model, operation, args, query }) {
        throwIfAbandoned();
        if (!model || UNSCOPED_MODELS.has(model)) return query(args);
        return query(withTenant(operation, (args ?? {}) as Args, tenantId) as typeof args);
      },
    },
  });
}

export type TenantDb = ReturnType<typeof extendForTenant>;

function withTenant(operation: string, args: Args, tenantId: string): Args {
  if (CREATE_ONE.has(operation)) return { ...args, data: { ...(args.data as Args), tenantId } };
  if (CREATE_MANY.has(operation)) {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    return { ...args, data: rows.map((row: Args) => ({ ...row, tenantId })) };
  }
  const scoped: Args = { ...args, where: { ...(args.where as Args | undefined), tenantId } };
  if (operation === "upsert") scoped.create = { ...(args.create as Args), tenantId };
  if (WRITES_DATA.has(operation) || operation === "upsert") {
    // A row never moves to another tenant.
    scoped.update = args.update && stripTenant(args.update as Args);
    if (args.data) scoped.data = stripTenant(args.data as Args);
    if (!args.update) delete scoped.update;
  }
  return scoped;
}

function stripTenant(data: Args): Args {
  const { tenantId: _ignored, ...rest } = data;
  return rest;
}

/** The client inside `db.$transaction(async (tx) => …)`: still scoped to the tenant. */
export type TenantTx = Parameters<Extract<Parameters<TenantDb["$transaction"]>[0], (...args: never[]) => unknown>>[0];
