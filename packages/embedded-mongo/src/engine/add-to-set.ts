import { type Document } from "bson";
import { badValue, MongoCommandError } from "../errors.js";
import { isPlainObject } from "./filter-fields.js";
import { normalizeNumbers } from "./numeric-view.js";
import { getPath } from "./paths.js";
import { orderedEqual } from "./query-operator-overrides.js";

/**
 * `$addToSet` on plain paths, done by the engine: MongoDB compares embedded documents field
 * by field in order (mingo does not), and the stored array keeps its exact BSON types. The
 * operator is turned into a `$set` of the resulting array; positional paths stay with mingo.
 */
export function rewriteAddToSet(stored: Document, modifier: Document, typedSpec: unknown): Document {
  if (!isPlainObject(typedSpec)) return modifier;
  const remaining: Document = {};
  const set: Document = { ...((modifier.$set as Document | undefined) ?? {}) };
  let rewrote = false;
  for (const [path, operand] of Object.entries(typedSpec)) {
    if (path.includes("$") || path === "_id" || path.startsWith("_id.")) {
      remaining[path] = (modifier.$addToSet as Document)[path] as unknown;
      continue;
    }
    const current = getPath(stored, path);
    if (current !== undefined && !Array.isArray(current)) {
      throw badValue(`Cannot apply $addToSet to non-array field. Field named '${path.split(".").pop() ?? path}' has non-array type ${typeof current}`);
    }
    if (path in set) {
      throw new MongoCommandError(40, "ConflictingUpdateOperators", `Updating the path '${path}' would create a conflict at '${path}'`);
    }
    const values: unknown[] = isPlainObject(operand) && Array.isArray(operand.$each) ? (operand.$each as unknown[]) : [operand as unknown];
    const result: unknown[] = Array.isArray(current) ? [...(current as unknown[])] : [];
    const normalized = result.map((v) => normalizeNumbers(v));
    for (const value of values) {
      const nv = normalizeNumbers(value);
      if (normalized.some((e) => orderedEqual(e, nv))) continue;
      result.push(value);
      normalized.push(nv);
    }
    set[path] = result;
    rewrote = true;
  }
  if (!rewrote) return modifier;
  const out: Document = { ...modifier, $set: set };
  if (Object.keys(remaining).length > 0) out.$addToSet = remaining;
  else delete out.$addToSet;
  return out;
}
