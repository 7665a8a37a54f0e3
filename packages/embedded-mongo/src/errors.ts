/** A MongoDB-style command error: becomes `{ ok: 0, errmsg, code, codeName }` on the wire. */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  Unauthorized: 13,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  AmbiguousIndexKeyPattern: 304,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  Location40352: 40352,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

export function commandError(name: ErrorCodeName, message: string, extra?: Record<string, unknown>): MongoCommandError {
  return new MongoCommandError(ErrorCodes[name], name, message, extra);
}

export function badValue(message: string): MongoCommandError {
  return commandError("BadValue", message);
}

export function notSupported(feature: string): MongoCommandError {
  return commandError("CommandNotSupported", `${feature} is not supported by embedded-mongo`);
}

/** Converts anything thrown while executing a command into a wire error document. */
export function toErrorReply(err: unknown): Record<string, unknown> {
  if (err instanceof MongoCommandError) {
    return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
  }
  const message = err instanceof Error ? err.message : String(err);
  // mingo reports invalid operators/expressions by throwing plain errors.
  return { ok: 0, errmsg: message, code: ErrorCodes.BadValue, codeName: "BadValue" };
}
