import { type Document } from "bson";
import { badValue, MongoCommandError } from "../errors.js";
import { isPlainObject, forEachFieldCondition } from "./filter-fields.js";
import { compileQuery } from "./mingo-context.js";

const NOT_FOUND = "The positional operator did not find the match needed from the query.";
const IDENTIFIER = /^\$\[([a-z][a-zA-Z0-9]*)?\]$/;

function isPositionalPart(part: string): boolean {
  return part === "$" || IDENTIFIER.test(part);
}

/** Whether some path of an operator update holds `$`, `$[]` or `$[id]`. */
export function hasPositionalPaths(update: Document): boolean {
  return Object.values(update).some((spec) => isPlainObject(spec) && Object.keys(spec).some((p) => p.split(".").some(isPositionalPart)));
}

function child(value: unknown, part: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(part) ? (value as unknown[])[Number(part)] : undefined;
  if (value !== null && typeof value === "object" && Object.prototype.hasOwnProperty.call(value, part)) return (value as Document)[part];
  return undefined;
}

/** `{ a: { b: [el] } }` for path `a.b`: a probe document on which a filter condition on that array can be tested. */
function probe(path: string[], element: unknown): Document {
  let out: unknown = [element];
  for (let i = path.length - 1; i >= 0; i--) {
    const next: Document = {};
    Object.defineProperty(next, path[i] ?? "", { value: out, enumerable: true, writable: true, configurable: true });
    out = next;
  }
  return out as Document;
}

/** The index the positional `$` stands for: the first element of `array` matching a filter condition on its path. */
function positionalIndex(array: unknown[], arrayPath: string[], filter: Document): number {
  const joined = arrayPath.join(".");
  const conditions: [string, unknown][] = [];
  forEachFieldCondition(filter, (field, cond) => {
    if (field === joined || field.startsWith(`${joined}.`)) conditions.push([field, cond]);
  });
  for (const [field, cond] of conditions) {
    const query = compileQuery({ [field]: cond });
    const index = array.findIndex((el) => query.test(probe(arrayPath, el)));
    if (index >= 0) return index;
  }
  // The array condition may sit in a branch of an `$or` (the branch that matched gives the position).
  for (const branch of Array.isArray(filter.$or) ? (filter.$or as unknown[]) : []) {
    if (!isPlainObject(branch)) continue;
    try {
      return positionalIndex(array, arrayPath, branch);
    } catch {
      // this branch has no condition matching an element; try the next
    }
  }
  throw badValue(NOT_FOUND);
}

interface Resolver {
  filter: Document | null;
  filters: Map<string, (el: unknown) => boolean>;
}

function expand(r: Resolver, original: string, parts: string[], i: number, value: unknown, prefix: string[], out: string[]): void {
  if (i === parts.length) {
    out.push(prefix.join("."));
    return;
  }
  const part = parts[i] ?? "";
  if (!isPositionalPart(part)) {
    expand(r, original, parts, i + 1, child(value, part), [...prefix, part], out);
    return;
  }
  if (part === "$") {
    if (!r.filter || !Array.isArray(value)) throw badValue(NOT_FOUND);
    if (parts.slice(0, i).some(isPositionalPart)) throw badValue(`Too many positional (i.e. '$') elements found in path '${original}'`);
    const index = positionalIndex(value as unknown[], parts.slice(0, i), r.filter);
    expand(r, original, parts, i + 1, (value as unknown[])[index], [...prefix, String(index)], out);
    return;
  }
  const id = IDENTIFIER.exec(part)?.[1];
  let test: ((el: unknown) => boolean) | undefined;
  if (id !== undefined) {
    test = r.filters.get(id);
    if (!test) throw badValue(`No array filter found for identifier '${id}' in path '${original}'`);
  }
  if (value === undefined) throw badValue(`The path '${prefix.join(".")}' must exist in the document in order to apply array updates.`);
  if (!Array.isArray(value)) throw badValue(`Cannot apply array updates to non-array element ${prefix[prefix.length - 1] ?? ""}`);
  (value as unknown[]).forEach((el, index) => {
    if (!test || test(el)) expand(r, original, parts, i + 1, el, [...prefix, String(index)], out);
  });
}

/** arrayFilters grouped by identifier (`{ "c.body": "x" }` belongs to `c`), each compiled to an element test. */
function compileArrayFilters(arrayFilters: Document[]): Map<string, (el: unknown) => boolean> {
  const grouped = new Map<string, Document>();
  for (const filter of arrayFilters) {
    for (const [key, cond] of Object.entries(filter)) {
      const id = key.split(".")[0] ?? key;
      const doc = grouped.get(id) ?? {};
      doc[key] = cond as unknown;
      grouped.set(id, doc);
    }
  }
  const out = new Map<string, (el: unknown) => boolean>();
  for (const [id, doc] of grouped) {
    const query = compileQuery(doc);
    out.set(id, (el) => query.test({ [id]: el }));
  }
  return out;
}

/**
 * Replaces the positional segments of an operator update's paths by the concrete array indexes
 * they stand for in `view` (`$` from the filter, `$[]` every element, `$[id]` the elements its
 * array filter accepts): `comments.$.a` and `comments.$.b` are then two ordinary sibling paths.
 * `filter` is null when no document matched (an upsert): `$` has nothing to stand for then.
 */
export function resolvePositionalPaths(update: Document, view: Document, filter: Document | null, arrayFilters: Document[]): Document {
  const r: Resolver = { filter, filters: compileArrayFilters(arrayFilters) };
  const out: Document = {};
  for (const [op, spec] of Object.entries(update)) {
    if (!isPlainObject(spec)) {
      out[op] = spec as unknown;
      continue;
    }
    const fields: Document = {};
    for (const [path, operand] of Object.entries(spec)) {
      const parts = path.split(".");
      if (!parts.some(isPositionalPart)) {
        fields[path] = operand as unknown;
        continue;
      }
      if (op === "$rename") throw badValue(`The source field for $rename may not be dynamic: ${path}`);
      const concrete: string[] = [];
      expand(r, path, parts, 0, view, [], concrete);
      for (const p of concrete) {
        if (p in fields) throw new MongoCommandError(40, "ConflictingUpdateOperators", `Updating the path '${path}' would create a conflict at '${p}'`);
        fields[p] = operand as unknown;
      }
    }
    out[op] = fields;
  }
  return out;
}
