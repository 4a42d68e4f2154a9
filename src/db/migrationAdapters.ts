/**
 * Driver adapters for the WASM schema engine, with the upstream bugs listed in STACK.md §3 fixed.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { parse as parseConnectionString } from "pg-connection-string";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openPGlite } from "./pglite.js";

type Adapter = Awaited<ReturnType<SqlMigrationAwareDriverAdapterFactory["connect"]>>;

/**
 * pglite-prisma-adapter 0.7.2 runs `client.exec(script)` without awaiting it, so a failing
 * migration becomes an unhandled rejection and is recorded as applied. Await it and let the
 * error reach the engine.
 */
export function awaitScripts(adapter: Adapter, client: PGlite): Adapter {
  const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await client.exec(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}

export function pgliteMigrationAdapter(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(client);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => awaitScripts(await factory.connect(), client),
    connectToShadowDb: connectToShadowPGlite,
  } as SqlMigrationAwareDriverAdapterFactory;
}

/** The upstream shadow DB is never closed; open our own in memory and close it on dispose. */
export async function connectToShadowPGlite(): Promise<Adapter> {
  const shadow = await openPGlite();
  const adapter = awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
  adapter.dispose = async () => shadow.close();
  return adapter;
}

/**
 * adapter-pg builds its shadow pool from `{...config, database}`, which pg ignores when the
 * config holds a connectionString (the "shadow" would be the main database), and it drops
 * the shadow database before closing its pool. So pass a parsed config, and never give the
 * engine a shadow database on PostgreSQL: diff and create run against PGlite instead.
 */
export interface ClosableMigrationAdapter extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes the connection pools the engine opened (freeing the engine does not). */
  close(): Promise<void>;
}

export function postgresMigrationAdapter(url: string): ClosableMigrationAdapter {
  const { host, port, user, password, database } = parseConnectionString(url);
  const factory = new PrismaPg({
    host: host ?? undefined,
    port: port ? Number(port) : undefined,
    user: user ?? undefined,
    password: password ?? undefined,
    database: database ?? undefined,
  });
  const opened: Adapter[] = [];
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: () => {
      throw new Error("Tributary never uses a PostgreSQL shadow database; schema diffs run on PGlite");
    },
    close: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  } as ClosableMigrationAdapter;
}
