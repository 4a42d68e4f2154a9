/**
 * Maps every error to one of the API's stable codes. Clients never see a stack trace, a raw
 * zod dump or an internal message.
 */
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from "type-graphql";
import { ZodError } from "zod";
import { AppError, ERROR_CODES, type ErrorCode } from "../core/errors.js";
import { describeZodError } from "../core/validation.js";
import { statementTimeoutError } from "../db/statementTimeout.js";

const STABLE_CODES = new Set<string>(Object.keys(ERROR_CODES));

/** Apollo's own request errors are all the client's doing. */
const APOLLO_CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** Apollo's original code, when it was folded into BAD_USER_INPUT. */
  reason?: string;
}

export function classifyError(formatted: GraphQLFormattedError, raw: unknown): ClassifiedError {
  const error = unwrapResolverError(raw);
  const known = error instanceof AppError ? error : statementTimeoutError(error);
  if (known) return { code: known.code, message: known.message, details: known.details };
  if (error instanceof ZodError) {
    const { message, path } = describeZodError(error, "$.input");
    return { code: "BAD_USER_INPUT", message, details: { path } };
  }
  if (error instanceof AuthorizationError) return { code: "FORBIDDEN", message: "Your token's role may not do this" };
  if (error instanceof AuthenticationError) return { code: "UNAUTHENTICATED", message: "A valid bearer token is required" };
  if (error instanceof ArgumentValidationError) return { code: "BAD_USER_INPUT", message: formatted.message };
  const code = String(formatted.extensions?.code ?? "");
  if (STABLE_CODES.has(code)) {
    // Our own GraphQLErrors (e.g. the cost limit) carry machine-readable details beside the code.
    const { code: _code, stacktrace: _stack, ...details } = formatted.extensions ?? {};
    return { code: code as ErrorCode, message: formatted.message, details };
  }
  if (APOLLO_CLIENT_CODES.has(code)) return { code: "BAD_USER_INPUT", message: formatted.message, reason: code };
  // Errors graphql-js raises while coercing variables and arguments carry no code.
  if (error instanceof GraphQLError && !error.originalError && !code) return { code: "BAD_USER_INPUT", message: formatted.message };
  return { code: "INTERNAL", message: "Internal server error" };
}

export function formatError(formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError {
  const { code, message, details, reason } = classifyError(formatted, raw);
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, ...(details ?? {}), ...(reason ? { reason } : {}) },
  };
}
