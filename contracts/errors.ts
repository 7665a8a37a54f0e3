/** Error codes shared by REST responses and socket acknowledgements. */
export const ErrorCode = {
  BadRequest: "BAD_REQUEST",
  Unauthenticated: "UNAUTHENTICATED",
  TokenExpired: "TOKEN_EXPIRED",
  Forbidden: "FORBIDDEN",
  NotFound: "NOT_FOUND",
  Conflict: "CONFLICT",
  RateLimited: "RATE_LIMITED",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  Unavailable: "UNAVAILABLE",
  Internal: "INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** The JSON body of every failed REST call. */
export interface ErrorResponse {
  error: ErrorBody;
}

/**
 * Messages of `connect_error` when the Socket.IO handshake is refused.
 * The client reads them to decide whether to refresh its token and retry.
 */
export const ConnectErrorMessage = {
  MissingToken: "auth: missing token",
  InvalidToken: "auth: invalid token",
  ExpiredToken: "auth: token expired",
  Forbidden: "auth: forbidden",
  /** The server could not check the session (its store is unreachable); retry shortly. */
  Unavailable: "server: unavailable, retry",
  /** Too many sockets open for this user or from this address; close one (or wait), then retry. */
  TooManyConnections: "limit: too many connections",
} as const;
export type ConnectErrorMessage = (typeof ConnectErrorMessage)[keyof typeof ConnectErrorMessage];
