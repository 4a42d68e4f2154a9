/**
 * Errors that cross the API boundary. Each has a stable code that clients can rely on;
 * GraphQL puts it in `extensions.code`, REST in `error.code` with the matching HTTP status.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Well-formed input that its schema refuses (OpenLineage events: 422, as Marquez answers). */
  UNPROCESSABLE_ENTITY: 422,
  /** The tenant already has as many expensive requests running and waiting as it may. */
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  /** The request ran out of its execution-time budget and its work was stopped. */
  TIME_BUDGET_EXCEEDED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable detail for clients: a JSON path, the expected value, a limit. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError("NOT_FOUND", `${what} ${JSON.stringify(id)} was not found`, { id });

export const badInput = (message: string, details: Record<string, unknown> = {}): AppError =>
  new AppError("BAD_USER_INPUT", message, details);

export const forbidden = (message: string): AppError => new AppError("FORBIDDEN", message);
