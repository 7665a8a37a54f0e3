import { type Document } from "bson";
import { setPath } from "./paths.js";

function isPlainObject(v: unknown): v is Document {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The document an upsert starts from: the equality fields of the filter (MongoDB semantics). */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  const visit = (f: Document): void => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === "$and" && Array.isArray(cond)) {
        for (const sub of cond) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key.startsWith("$")) continue;
      if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith("$"))) {
        if ("$eq" in cond) setPath(seed, key, cond.$eq);
        else if (Array.isArray(cond.$in) && cond.$in.length === 1) setPath(seed, key, cond.$in[0]);
        continue;
      }
      if (cond instanceof RegExp) continue;
      setPath(seed, key, cond);
    }
  };
  visit(filter);
  return seed;
}
