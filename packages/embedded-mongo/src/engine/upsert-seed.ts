import { type Document } from "bson";
import { forEachFieldCondition, isPlainObject } from "./filter-fields.js";
import { setPath } from "./paths.js";


/** The document an upsert starts from: the equality fields of the filter (MongoDB semantics). */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  forEachFieldCondition(filter, (key, cond) => {
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith("$"))) {
      if ("$eq" in cond) setPath(seed, key, cond.$eq);
      else if (Array.isArray(cond.$in) && cond.$in.length === 1) setPath(seed, key, cond.$in[0]);
      return;
    }
    if (!(cond instanceof RegExp)) setPath(seed, key, cond);
  });
  return seed;
}
