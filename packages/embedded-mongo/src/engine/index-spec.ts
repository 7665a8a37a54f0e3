import { type Document } from "bson";
import { badValue } from "../errors.js";
import { collationOf } from "./collation.js";

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
  const textFields = Object.entries(key as Document).filter(([, dir]) => dir === "text").map(([f]) => f);
  if (textFields.length > 0) return normaliseTextSpec(raw, textFields);
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
  if (raw.collation !== undefined && collationOf(raw.collation) !== null) spec.collation = raw.collation;
  if (raw.hidden === true) spec.hidden = true;
  return spec;
}

/**
 * A text index as mongod stores it: key `{ _fts: "text", _ftsx: 1 }` and one weight per field
 * (1 unless `weights` says otherwise; `$**` indexes every string). Only English and "none".
 */
function normaliseTextSpec(raw: Document, textFields: string[]): IndexSpec {
  const key = raw.key as Document;
  if (textFields.length !== Object.keys(key).length) {
    throw badValue("compound text indexes (text fields next to ascending/descending ones) are not supported by embedded-mongo");
  }
  for (const option of Object.keys(raw)) if (!ALLOWED_OPTIONS.has(option)) throw commandOptionError(option);
  const weights: Record<string, number> = {};
  for (const f of textFields) weights[f] = 1;
  if (raw.weights !== undefined) {
    if (typeof raw.weights !== "object" || raw.weights === null) throw badValue("text index option 'weights' must be an object");
    for (const [f, w] of Object.entries(raw.weights as Document)) {
      const n = Number(w);
      if (!Number.isFinite(n) || n <= 0 || n >= 100_000) throw badValue(`text index weight must be in the exclusive interval (0,99999) but found: ${String(w)} for field ${f}`);
      weights[f] = n;
    }
  }
  const language: unknown = raw.default_language ?? "english";
  if (language !== "english" && language !== "en" && language !== "none") {
    throw badValue(`default_language '${String(language)}' is not supported by embedded-mongo (english and none are)`);
  }
  const name = typeof raw.name === "string" && raw.name ? raw.name : defaultIndexName(key);
  const spec: IndexSpec = {
    v: 2, key: { _fts: "text", _ftsx: 1 }, name, weights, default_language: language,
    language_override: typeof raw.language_override === "string" ? raw.language_override : "language", textIndexVersion: 3,
  };
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression !== undefined) spec.partialFilterExpression = raw.partialFilterExpression as Document;
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
    JSON.stringify(a.weights ?? null) === JSON.stringify(b.weights ?? null) &&
    JSON.stringify(a.collation ?? null) === JSON.stringify(b.collation ?? null) &&
    (a.expireAfterSeconds ?? null) === (b.expireAfterSeconds ?? null)
  );
}

export function sameKeyPattern(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(a.key) === JSON.stringify(b.key);
}
