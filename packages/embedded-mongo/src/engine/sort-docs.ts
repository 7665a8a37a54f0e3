import { type Document, MinKey } from "bson";
import { badValue } from "../errors.js";
import { bsonCompare } from "./bson-compare.js";
import { type Collation } from "./collation.js";
import { valuesAtPath } from "./paths.js";

interface Keyed {
  doc: Document;
  keys: unknown[];
}

/** A sort key `{ $meta: "textScore" }`: by text score, highest first. */
export function isTextScoreMeta(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Document).$meta === "textScore";
}

const META = 0 as const;

function parseSort(sort: Document): [string, 1 | -1 | typeof META][] {
  return Object.entries(sort).map(([field, dir]) => {
    if (isTextScoreMeta(dir)) return [field, META];
    const n = Number(dir);
    if (n !== 1 && n !== -1) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    return [field, n];
  });
}

/** The sort key of an empty array: below null and missing (above MinKey), ascending or descending. */
const EMPTY_ARRAY = Symbol("empty array");

/** Compares two sort keys: `bsonCompare`, with the empty-array key below everything but MinKey. */
function compareKeys(x: unknown, y: unknown): number {
  if (x === EMPTY_ARRAY || y === EMPTY_ARRAY) {
    if (x === y) return 0;
    const other = x === EMPTY_ARRAY ? y : x;
    const emptyFirst = other instanceof MinKey ? 1 : -1;
    return x === EMPTY_ARRAY ? emptyFirst : -emptyFirst;
  }
  return bsonCompare(x, y);
}

/**
 * The sort key of one field: for arrays, the smallest element ascending / largest descending;
 * null when the field is missing; an empty array (`valuesAtPath` yields undefined for one) sorts
 * below null.
 */
function sortKey(doc: Document, field: string, dir: 1 | -1): unknown {
  const values = valuesAtPath(doc, field);
  if (values.length === 0) return null;
  let best: unknown = values[0] === undefined ? EMPTY_ARRAY : values[0];
  for (let i = 1; i < values.length; i++) {
    const v = values[i] === undefined ? EMPTY_ARRAY : values[i];
    const c = compareKeys(v, best);
    if ((dir === 1 && c < 0) || (dir === -1 && c > 0)) best = v;
  }
  return best;
}

/**
 * Sorts documents (numeric views) by a MongoDB sort spec, stable (ties keep natural order).
 * With a small `keep` (skip + limit) only the best `keep` documents are retained while
 * scanning, so "latest N" queries over big collections avoid a full sort.
 */
export function sortDocs(docs: Iterable<Document>, sort: Document, keep = 0, textScore?: (doc: Document) => number, collation?: Collation | null): Document[] {
  const spec = parseSort(sort);
  if (spec.some(([, d]) => d === META) && !textScore) throw badValue("query requires text score metadata, but it is not available");
  const cmp = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < spec.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      const c = collation && typeof x === "string" && typeof y === "string" ? collation.compare(x, y) : compareKeys(x, y);
      if (c !== 0) return c * (spec[i]?.[1] || 1);
    }
    return 0;
  };
  const keyed = (doc: Document): Keyed => ({ doc, keys: spec.map(([f, d]) => (d === META ? -(textScore?.(doc) ?? 0) : sortKey(doc, f, d))) });
  if (keep <= 0 || keep > 1000) {
    return Array.from(docs, keyed).sort(cmp).map((k) => k.doc);
  }
  const best: Keyed[] = [];
  for (const doc of docs) {
    const item = keyed(doc);
    const last = best[best.length - 1];
    if (best.length === keep && last && cmp(item, last) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = best[mid];
      if (m && cmp(item, m) >= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > keep) best.pop();
  }
  return best.map((k) => k.doc);
}
