import type { Types } from "mongoose";

/**
 * An ObjectId's 24 hex digits as one flat string, for ids kept in memory per user (caches, presence).
 * bson's `toString()` adds the digits two at a time, which V8 keeps as a chain of six "cons" strings
 * (about 220 B instead of 40): harmless in a response, costly in what stays (docs/BENCHMARKS.md
 * "Native gateway").
 */
export function idString(id: Types.ObjectId): string {
  const bytes = id.id;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
