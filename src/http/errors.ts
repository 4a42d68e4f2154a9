import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../core/errors.js";
import { statementTimeoutError } from "../db/statementTimeout.js";

/** REST errors: `{ "error": { "code", "message", …details } }` with the code's HTTP status. */
export function sendRestError(res: Response, error: AppError): void {
  res.status(error.httpStatus).json({ error: { code: error.code, message: error.message, ...error.details } });
}

/** Errors raised before GraphQL runs (authentication), in GraphQL's response shape. */
export function sendGraphQLError(res: Response, error: AppError): void {
  res.status(error.httpStatus).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
}

/** A REST handler whose errors become `{error}` answers: AppErrors as they are, anything else INTERNAL (logged). */
export function restRoute(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof AppError) return sendRestError(res, error);
      const cancelled = statementTimeoutError(error);
      if (cancelled) return sendRestError(res, cancelled);
      req.log.error({ err: error }, "REST request failed");
      sendRestError(res, new AppError("INTERNAL", "Internal server error"));
    }
  };
}
