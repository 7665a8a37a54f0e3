import { type Document } from "bson";
import { type Collection } from "./collection.js";
import { forEachFieldCondition, isPlainObject } from "./filter-fields.js";
import { encodeKey } from "./key-encoding.js";
import { type SecondaryIndex } from "./secondary-index.js";


function isIndexableScalar(v: unknown): boolean {
  return !Array.isArray(v) && !(v instanceof RegExp) && !(isPlainObject(v) && Object.keys(v).some((k) => k.startsWith("$")));
}

/** The operator of a condition that pins a field to values (`$eq` first, else `$in`), if any. */
function equalityOperator(cond: Document): "$eq" | "$in" | undefined {
  if ("$eq" in cond && isIndexableScalar(cond.$eq)) return "$eq";
  if ("$in" in cond && Array.isArray(cond.$in) && cond.$in.every(isIndexableScalar)) return "$in";
  return undefined;
}

/** Values a field must equal (any of), if the condition pins it down; undefined otherwise. */
function equalityValues(cond: unknown): unknown[] | undefined {
  if (isIndexableScalar(cond)) return [cond];
  if (!isPlainObject(cond)) return undefined;
  const op = equalityOperator(cond);
  if (op === "$eq") return [cond.$eq as unknown];
  if (op === "$in") return cond.$in as unknown[];
  return undefined;
}

/** Field -> candidate values for top-level (and $and-nested) equality conditions. */
export function equalityConditions(filter: Document): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  forEachFieldCondition(filter, (key, cond) => {
    const values = equalityValues(cond);
    if (values && !out.has(key)) out.set(key, values);
  });
  return out;
}

/** Values of a top-level `_id` equality (`_id: v`, `$eq`, `$in` of scalars), if the filter has one. */
function topLevelIds(filter: Document): unknown[] | undefined {
  return "_id" in filter ? equalityValues(filter._id) : undefined;
}

/**
 * What is left to test on the candidates of `candidateDocs`: the documents found in the _id map for a
 * top-level `_id` equality already satisfy that equality, so it is not tested again (mingo's `$in`
 * hashes its whole list for every document it tests: `{ _id: { $in: <n ids> } }` was O(n^2)). Only
 * the equality itself is dropped: the other operators on `_id` (`{ $in: [...], $ne: 2 }`) still apply.
 */
export function residualFilter(filter: Document): Document {
  if (!topLevelIds(filter)) return filter;
  const { _id: cond, ...rest } = filter;
  if (!isPlainObject(cond)) return rest;
  const op = equalityOperator(cond);
  const others = Object.fromEntries(Object.entries(cond).filter(([k]) => k !== op));
  return Object.keys(others).length === 0 ? rest : { _id: others, ...rest };
}

/**
 * Picks candidate documents using the _id map or an index whose first field is pinned
 * by an equality; falls back to a full scan. Candidates are a superset of the matches.
 */
export function candidateDocs(coll: Collection, filter: Document): Iterable<Document> {
  const eqs = equalityConditions(filter);
  if (eqs.size === 0) return coll.docs.values();
  // A top-level _id equality first: residualFilter relies on the candidates coming from it.
  const ids = topLevelIds(filter) ?? eqs.get("_id");
  if (ids) {
    const out: Document[] = [];
    const seen = new Set<string>();
    for (const v of ids) {
      const key = encodeKey(v);
      const doc = coll.docs.get(key);
      if (doc && !seen.has(key)) {
        seen.add(key);
        out.push(doc);
      }
    }
    return out;
  }
  // Among usable indexes, take the one with the fewest candidates (set sizes are O(1) to read).
  let best: { index: SecondaryIndex; values: unknown[]; count: number } | undefined;
  for (const index of coll.indexes.values()) {
    const first = index.fields[0];
    if (!first || !index.plannable) continue;
    const values = eqs.get(first);
    if (!values) continue;
    if (index.spec.sparse && values.some((v) => v === null)) continue;
    const count = values.reduce<number>((sum, v) => sum + index.countFirst(v), 0);
    if (!best || count < best.count) best = { index, values, count };
  }
  if (!best) return coll.docs.values();
  const seen = new Set<string>();
  for (const v of best.values) for (const idKey of best.index.lookupFirst(v)) seen.add(idKey);
  const out: Document[] = [];
  for (const idKey of seen) {
    const doc = coll.docs.get(idKey);
    if (doc) out.push(doc);
  }
  return out;
}
