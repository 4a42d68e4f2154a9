import type { Response } from "express";
import { AppError } from "../core/errors.js";

/** REST errors: `{ "error": { "code", "message", …details } }` with the code's HTTP status. */
export function sendRestError(res: Response, error: AppError): void {
  res.status(error.httpStatus).json({ error: { code: error.code, message: error.message, ...error.details } });
}

/** Errors raised before GraphQL runs (authentication), in GraphQL's response shape. */
export function sendGraphQLError(res: Response, error: AppError): void {
  res.status(error.httpStatus).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
}
