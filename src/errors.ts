/**
 * The codes an application error can carry. GraphQL responses put them in `extensions.code`, the
 * CLI prints them, and tests compare them; messages are for people and may change.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure with a stable code; anything else reaching a client is an internal error. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const badInput = (message: string, field?: string) =>
  new AppError(ErrorCode.BadUserInput, message, field ? { field } : {});
export const notFound = (message: string) => new AppError(ErrorCode.NotFound, message);
