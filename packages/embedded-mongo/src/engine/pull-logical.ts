import { type Document } from "bson";
import { badValue, MongoCommandError } from "../errors.js";
import { isPlainObject } from "./filter-fields.js";
import { compileQuery } from "./mingo-context.js";
import { getPath } from "./paths.js";

/** Operators that open a whole query document (MongoDB matches such a `$pull` condition against document elements). */
const TOP_LEVEL = new Set(["$and", "$or", "$nor", "$expr", "$comment"]);

function isQueryDocument(cond: unknown): cond is Document {
  if (!isPlainObject(cond)) return false;
  const first = Object.keys(cond)[0];
  return first !== undefined && TOP_LEVEL.has(first);
}

/**
 * `$pull: { arr: { $or: [...] } }`: mingo reads a condition opening with an operator as a
 * condition on the element itself, so `$or`/`$and`/`$nor` conditions removed nothing. MongoDB
 * matches them against each embedded document of the array. The engine computes the remaining
 * array itself (keeping the stored BSON types) and turns the operator into a `$set` of it.
 */
export function rewriteLogicalPull(stored: Document, view: Document, modifier: Document): Document {
  const spec: unknown = modifier.$pull;
  if (!isPlainObject(spec) || !Object.values(spec).some(isQueryDocument)) return modifier;
  const remaining: Document = {};
  const set: Document = { ...((modifier.$set as Document | undefined) ?? {}) };
  for (const [path, cond] of Object.entries(spec)) {
    if (!isQueryDocument(cond)) {
      remaining[path] = cond as unknown;
      continue;
    }
    const current = getPath(view, path);
    if (current === undefined) continue;
    if (!Array.isArray(current)) throw badValue("Cannot apply $pull to a non-array value");
    if (path in set) throw new MongoCommandError(40, "ConflictingUpdateOperators", `Updating the path '${path}' would create a conflict at '${path}'`);
    const query = compileQuery(cond);
    const typed = getPath(stored, path) as unknown[];
    const kept = typed.filter((_el, i) => {
      const el: unknown = current[i];
      return !(isPlainObject(el) && query.test(el));
    });
    if (kept.length !== typed.length) set[path] = kept;
  }
  const out: Document = { ...modifier };
  if (Object.keys(set).length > 0) out.$set = set;
  if (Object.keys(remaining).length > 0) out.$pull = remaining;
  else delete out.$pull;
  return out;
}
