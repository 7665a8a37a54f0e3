import type { ErrorBody } from "./errors";

/** What every acknowledged socket event answers. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (response: Ack<T>) => void;

export const ackOk = <T>(data: T): Ack<T> => ({ ok: true, data });
export const ackFail = (error: ErrorBody): Ack<never> => ({ ok: false, error });
