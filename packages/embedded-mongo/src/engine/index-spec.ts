import { type Document } from "bson";
import { badValue } from "../errors.js";

export type IndexDirection = 1 | -1 | string;

export interface IndexSpec {
  v: number;
  key: Record<string, IndexDirection>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

const ALLOWED_OPTIONS = new Set([
  "key", "name", "unique", "sparse", "partialFilterExpression", "expireAfterSeconds", "background",
  "v", "collation", "hidden", "ns", "weights", "default_language", "language_override", "textIndexVersion",
  "2dsphereIndexVersion", "bits", "min", "max", "storageEngine", "wildcardProjection",
]);

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key).map(([field, dir]) => `${field}_${String(dir)}`).join("_");
}

/** Validates a createIndexes entry and normalises it to what listIndexes returns. */
export function normaliseIndexSpec(raw: Document): IndexSpec {
  const key: unknown = raw.key;
  if (!key || typeof key !== "object" || Array.isArray(key) || Object.keys(key).length === 0) {
    throw badValue("Index key pattern must be a non-empty object");
  }
  const normalisedKey: Record<string, IndexDirection> = {};
  for (const [field, dir] of Object.entries(key as Document)) {
    const num = typeof dir === "number" ? dir : Number((dir as { valueOf(): unknown } | null)?.valueOf());
    if (typeof dir === "string") {
      throw badValue(`Index type '${dir}' on field '${field}' is not supported by embedded-mongo (only ascending/descending indexes)`);
    }
    if (!Number.isFinite(num) || num === 0) throw badValue(`Values in the index key pattern can't be 0 or non-numeric: ${field}`);
    normalisedKey[field] = num > 0 ? 1 : -1;
  }
  for (const option of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(option)) throw commandOptionError(option);
  }
  const name = typeof raw.name === "string" && raw.name ? raw.name : defaultIndexName(normalisedKey);
  const spec: IndexSpec = { v: 2, key: normalisedKey, name };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression !== undefined) {
    if (typeof raw.partialFilterExpression !== "object" || raw.partialFilterExpression === null) {
      throw badValue("partialFilterExpression must be an object");
    }
    spec.partialFilterExpression = raw.partialFilterExpression as Document;
  }
  if (raw.expireAfterSeconds !== undefined) spec.expireAfterSeconds = Number(raw.expireAfterSeconds);
  if (raw.collation !== undefined) spec.collation = raw.collation;
  if (raw.hidden === true) spec.hidden = true;
  return spec;
}

function commandOptionError(option: string): Error {
  return badValue(`The field '${option}' is not valid for an index specification`);
}

/** True when two specs describe the same index (ignoring the name). */
export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    JSON.stringify(a.key) === JSON.stringify(b.key) &&
    Boolean(a.unique) === Boolean(b.unique) &&
    Boolean(a.sparse) === Boolean(b.sparse) &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null) &&
    (a.expireAfterSeconds ?? null) === (b.expireAfterSeconds ?? null)
  );
}

export function sameKeyPattern(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(a.key) === JSON.stringify(b.key);
}
