import { type Document, ObjectId, Timestamp } from "bson";
import { typeRank } from "./bson-compare.js";
import { compareIndexValues, KeyBound } from "./ordered-index.js";
import { forEachFieldCondition, isPlainObject } from "./filter-fields.js";
import { encodeKey } from "./key-encoding.js";
import { normalizeNumbers } from "./numeric-view.js";

export interface FieldRange {
  lo: unknown;
  hi: unknown;
  loInclusive: boolean;
  hiInclusive: boolean;
}

/** What the filter's top-level (and `$and`) conditions say about one field. */
export interface FieldBounds {
  /** The field must equal one of these (sorted, deduplicated); empty = nothing can match. */
  points?: unknown[];
  range?: FieldRange;
}

function isPointValue(v: unknown): boolean {
  if (Array.isArray(v) || v instanceof RegExp) return false;
  if (isPlainObject(v)) return !Object.keys(v).some((k) => k.startsWith("$"));
  return true;
}

/** Values a range operator can bound within their own BSON type (MongoDB's type bracketing). */
function isBracketable(v: unknown): boolean {
  if (typeof v === "number") return !Number.isNaN(v);
  return typeof v === "string" || typeof v === "boolean" || v instanceof Date || v instanceof ObjectId || v instanceof Timestamp;
}

function pointsOf(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const raw of values) {
    const v = normalizeNumbers(raw);
    seen.set(encodeKey(v), v);
  }
  return [...seen.values()].sort(compareIndexValues);
}

function tighten(range: FieldRange | undefined, op: string, raw: unknown): FieldRange | undefined {
  const v = normalizeNumbers(raw);
  if (!isBracketable(v)) return range;
  const rank = typeRank(v);
  const r: FieldRange = range ?? { lo: new KeyBound(rank, -1), hi: new KeyBound(rank, 1), loInclusive: true, hiInclusive: true };
  if (op === "$gt" || op === "$gte") {
    const c = compareIndexValues(v, r.lo);
    if (c > 0 || (c === 0 && op === "$gt")) {
      r.lo = v;
      r.loInclusive = op === "$gte";
    }
  } else {
    const c = compareIndexValues(v, r.hi);
    if (c < 0 || (c === 0 && op === "$lt")) {
      r.hi = v;
      r.hiInclusive = op === "$lte";
    }
  }
  return r;
}

/**
 * Index bounds per field from the conditions every match must satisfy (top level and `$and`).
 * Bounds only narrow where to look: the whole filter is still applied to every candidate.
 */
export function fieldBounds(filter: Document): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>();
  forEachFieldCondition(filter, (field, cond) => {
    const b = out.get(field) ?? {};
    if (isPointValue(cond) && !isPlainObject(cond)) {
      b.points = b.points ?? pointsOf([cond]);
    } else if (isPlainObject(cond)) {
      if (!Object.keys(cond).some((k) => k.startsWith("$"))) {
        b.points = b.points ?? pointsOf([cond]);
      } else {
        if ("$eq" in cond && isPointValue(cond.$eq)) b.points = b.points ?? pointsOf([cond.$eq]);
        else if ("$in" in cond && Array.isArray(cond.$in) && cond.$in.every(isPointValue)) b.points = b.points ?? pointsOf(cond.$in);
        for (const op of ["$gt", "$gte", "$lt", "$lte"]) if (op in cond) b.range = tighten(b.range, op, cond[op]);
      }
    }
    if (b.points || b.range) out.set(field, b);
  });
  return out;
}
