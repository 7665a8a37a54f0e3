import { type Document } from "bson";

/** A plain `{...}` object (not an array, Date, ObjectId or other BSON value). */
export function isPlainObject(v: unknown): v is Document {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Calls `fn(field, condition)` for each field condition of a filter at the top level and inside
 * `$and` (the conditions every match must satisfy), skipping other operators ($or, $nor, $expr...).
 * The query planner and the upsert seed both read filters this way.
 */
export function forEachFieldCondition(filter: Document, fn: (field: string, cond: unknown) => void): void {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === "$and" && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) forEachFieldCondition(sub, fn);
      continue;
    }
    if (!key.startsWith("$")) fn(key, cond);
  }
}
