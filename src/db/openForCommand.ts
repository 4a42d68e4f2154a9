/**
 * Opens the configured database for one process: locks the embedded data dir first, then
 * applies pending migrations, so every command sees the current schema.
 */
import type { Config } from "../config.js";
import { lockDataDir, type DataDirLock } from "./dataDirLock.js";
import { migrate, openDatabase, pendingMigrations, type Database, type OpenOptions } from "./database.js";

export interface OpenedDatabase {
  db: Database;
  lock: DataDirLock | null;
  applied: string[];
  close(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config, purpose: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const lock = config.database.kind === "pglite" ? await lockDataDir(config.database.dataDir, purpose) : null;
  try {
    const db = await openDatabase(config.database, options);
    const applied = (await pendingMigrations(db)).length > 0 ? await migrate(db) : [];
    return {
      db,
      lock,
      applied,
      close: async () => {
        await db.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
