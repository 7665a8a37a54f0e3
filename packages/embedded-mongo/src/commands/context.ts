import { type Document } from "bson";
import { badValue, commandError } from "../errors.js";
import { type Store } from "../storage/store.js";
import { type CursorRegistry } from "./cursor-registry.js";

export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  db: string;
  body: Document;
  connectionId: number;
  log: (line: string) => void;
}

export type CommandHandler = (ctx: CommandContext) => Document | Promise<Document>;

/** The collection name a command targets (value of its first key). */
export function targetCollection(ctx: CommandContext, command: string): string {
  const value: unknown = ctx.body[command];
  if (typeof value !== "string" || value.length === 0) {
    throw commandError("InvalidNamespace", `collection name has invalid type ${typeof value}`);
  }
  if (value.includes("\0") || value.startsWith("$")) throw commandError("InvalidNamespace", `Invalid collection name: ${value}`);
  return value;
}

export function optionalNumber(body: Document, field: string, fallback: number): number {
  const value: unknown = body[field];
  if (value === undefined || value === null) return fallback;
  const num = typeof value === "number" ? value : Number((value as { valueOf(): unknown }).valueOf());
  if (!Number.isFinite(num)) throw commandError("TypeMismatch", `Field '${field}' must be a number`);
  return num;
}

export function optionalDocument(body: Document, field: string): Document | undefined {
  const value: unknown = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw commandError("TypeMismatch", `Field '${field}' must be an object`);
  return value;
}

export function requireArray(body: Document, field: string): Document[] {
  const value: unknown = body[field];
  if (!Array.isArray(value)) throw badValue(`Field '${field}' must be an array`);
  return value as Document[];
}

/** Ensures the collection exists (auto-create on first write), journaling the creation. */
export function ensureCollection(ctx: CommandContext, coll: string): void {
  if (!ctx.store.catalog.collection(ctx.db, coll)) ctx.store.commit({ op: "cc", db: ctx.db, coll });
}

export function validateDbName(db: string): void {
  if (!db || /[/\\. "$*<>:|?\0]/.test(db)) throw commandError("InvalidNamespace", `Invalid database name: '${db}'`);
}
