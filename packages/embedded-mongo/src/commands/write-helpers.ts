import { type Document } from "bson";
import { MongoCommandError, toErrorReply } from "../errors.js";
import { MAX_WRITE_BATCH_SIZE } from "../wire/limits.js";
import { badValue, commandError } from "../errors.js";
import { type CommandContext } from "./context.js";

export interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

export function toWriteError(index: number, err: unknown): WriteError {
  if (err instanceof MongoCommandError) {
    return { index, code: err.code, codeName: err.codeName, errmsg: err.message, ...err.extra };
  }
  const reply = toErrorReply(err);
  return { index, code: Number(reply.code), codeName: reply.codeName, errmsg: String(reply.errmsg) };
}

export function checkBatch(items: unknown[], what: string): void {
  if (items.length > MAX_WRITE_BATCH_SIZE) {
    throw commandError("InvalidOptions", `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${items.length} ${what}.`);
  }
  if (items.length === 0) throw commandError("InvalidOptions", `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got 0 ${what}.`);
}

export function isOrdered(body: Document): boolean {
  return body.ordered !== false;
}

/** Refuses multi-document transactions exactly like a standalone mongod. */
export function refuseTransactions(body: Document): void {
  if (body.startTransaction === true || body.autocommit === false) {
    throw commandError("IllegalOperation", "Transaction numbers are only allowed on a replica set member or mongos");
  }
}

export function assertDocument(value: unknown, what: string): Document {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badValue(`${what} must be an object`);
  return value;
}

/** Waits for durability, then shapes the write reply. */
export async function finishWrite(ctx: CommandContext, reply: Document, writeErrors: WriteError[]): Promise<Document> {
  await ctx.store.durable();
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
}
