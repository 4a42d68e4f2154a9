import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Structured JSON logs on stderr (stdout is kept for command output). */
export function createLogger(level: Config["logLevel"]): Logger {
  return pino({ level, base: { service: "tributary" } }, pino.destination(2));
}
