import { type Document } from "bson";
import { type Query } from "mingo/query";
import { type AnyObject } from "mingo/types";
import { badValue } from "../errors.js";
import { isPlainObject } from "./filter-fields.js";
import { inDocumentOrder } from "./field-order.js";
import { compileQuery } from "./mingo-context.js";
import { viewOf } from "./numeric-view.js";

type Slice = number | [number, number];

function sliceArray(arr: unknown[], spec: Slice): unknown[] {
  if (typeof spec === "number") return spec >= 0 ? arr.slice(0, spec) : arr.slice(Math.max(0, arr.length + spec));
  const [skip, limit] = spec;
  const start = skip >= 0 ? Math.min(skip, arr.length) : Math.max(0, arr.length + skip);
  return arr.slice(start, start + limit);
}

/** Slices the array at `parts` (descending through arrays of documents), copying what it changes. */
function withSlice(value: unknown, parts: string[], spec: Slice): unknown {
  if (parts.length === 0) return Array.isArray(value) ? sliceArray(value as unknown[], spec) : value;
  if (Array.isArray(value)) return value.map((v) => withSlice(v, parts, spec));
  if (!isPlainObject(value)) return value;
  const [head = "", ...rest] = parts;
  if (!Object.prototype.hasOwnProperty.call(value, head)) return value;
  const copy: Document = { ...value };
  copy[head] = withSlice(value[head], rest, spec);
  return copy;
}

function sliceSpec(field: string, raw: unknown): Slice {
  const spec = Array.isArray(raw) ? raw.map(Number) : Number(raw);
  if (Array.isArray(spec)) {
    const [skip, limit] = spec;
    if (spec.length !== 2 || skip === undefined || limit === undefined || !Number.isFinite(skip) || !Number.isFinite(limit)) {
      throw badValue(`$slice array argument must be an array of two numbers for field '${field}'`);
    }
    if (limit <= 0) throw badValue(`$slice limit must be positive for field '${field}'`);
    return [Math.trunc(skip), Math.trunc(limit)];
  }
  if (!Number.isFinite(spec)) throw badValue(`$slice only supports numbers and [skip, limit] arrays for field '${field}'`);
  return Math.trunc(spec);
}

function isExclusionOnly(spec: Document): boolean {
  return Object.values(spec).every((v) => v === 0 || v === false);
}

interface Plan {
  /** What mingo projects (null: nothing, keep the whole document). */
  rest: Document | null;
  slices: [string, Slice][];
  elemMatches: [string, Query][];
}

function plan(projection: Document): Plan {
  const rest: Document = {};
  const slices: [string, Slice][] = [];
  const elemMatches: [string, Query][] = [];
  for (const [field, value] of Object.entries(projection)) {
    if (isPlainObject(value) && Object.keys(value).length === 1 && "$slice" in value) slices.push([field, sliceSpec(field, value.$slice)]);
    else if (isPlainObject(value) && Object.keys(value).length === 1 && "$elemMatch" in value) {
      if (field.includes(".")) throw badValue(`Cannot use $elemMatch projection on a nested field.`);
      elemMatches.push([field, compileQuery({ [field]: { $elemMatch: value.$elemMatch as unknown } })]);
      rest[field] = 1;
    } else rest[field] = value as unknown;
  }
  // A $slice next to inclusions includes its field too (mingo handles that form); with exclusions or
  // alone it only trims its array and every other field stays.
  if (slices.length > 0 && !isExclusionOnly(rest)) {
    for (const [field] of slices) rest[field] = projection[field] as unknown;
    slices.length = 0;
  }
  return { rest: Object.keys(rest).length > 0 ? rest : null, slices, elemMatches };
}

/**
 * Applies a find projection to stored documents (keeping their BSON types). `query` (the
 * compiled filter, over numeric views) is needed for a positional `a.$` projection.
 */
export function projectDocs(docs: Iterable<Document>, projection: Document, query?: Query): Iterable<Document> {
  const p = plan(projection);
  const positional = query !== undefined && Object.keys(projection).some((k) => k.endsWith(".$"));
  const projector = positional ? query : compileQuery({});
  let current: Document | undefined;
  function* inputs(): Generator<AnyObject> {
    for (const doc of docs) {
      current = doc;
      yield (positional ? viewOf(doc) : doc);
    }
  }
  // mingo's projection maps documents one to one and lazily: `current` is the source of each output.
  const projected: Iterable<unknown> = p.rest ? (projector.find<Document>(inputs(), p.rest) as Iterable<unknown>) : inputs();
  return (function* () {
    for (let out of projected) {
      const doc = current as Document;
      for (const [field, spec] of p.slices) out = withSlice(out, field.split("."), spec);
      if (p.elemMatches.length > 0) {
        const copy = { ...(out as Document) };
        for (const [field, test] of p.elemMatches) {
          const arr = viewOf(doc)[field] as unknown;
          const typed = doc[field] as unknown;
          const index = Array.isArray(arr) ? arr.findIndex((el) => test.test({ [field]: [el] })) : -1;
          if (index >= 0 && Array.isArray(typed)) copy[field] = [typed[index] as unknown];
          else Reflect.deleteProperty(copy, field);
        }
        out = copy;
      }
      yield inDocumentOrder(out, doc) as Document;
    }
  })();
}
