import { type Document } from "bson";
import { forEachFieldCondition, isPlainObject } from "./filter-fields.js";


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
export function topLevelIds(filter: Document): unknown[] | undefined {
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
