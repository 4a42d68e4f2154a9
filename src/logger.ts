import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Request logs carry the request's headers; these hold credentials and never reach a log. */
const SECRET_HEADERS = ["req.headers.authorization", "req.headers.cookie", 'req.headers["proxy-authorization"]'];

/** Structured JSON logs on stderr (stdout is kept for command output). */
export function createLogger(level: Config["logLevel"], destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { service: "tributary" }, redact: { paths: SECRET_HEADERS, censor: "[redacted]" } }, destination);
}
