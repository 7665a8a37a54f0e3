import { type Document } from "bson";
import { type Query } from "mingo/query";
import { type Collection } from "./collection.js";
import { compileQuery } from "./mingo-context.js";
import { typedOf, viewOf } from "./numeric-view.js";
import { projectDocs } from "./projection.js";
import { candidateDocs, residualFilter } from "./query-planner.js";
import { sortDocs } from "./sort-docs.js";

export interface FindOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
}

function hasKeys(doc: Document | undefined): doc is Document {
  return doc !== undefined && Object.keys(doc).length > 0;
}

function* mapIterable<A, B>(source: Iterable<A>, fn: (a: A) => B): Generator<B> {
  for (const item of source) yield fn(item);
}

function* filterSkipLimit(docs: Iterable<Document>, query: Query, skip: number, limit: number): Generator<Document> {
  let toSkip = skip;
  let taken = 0;
  for (const doc of docs) {
    if (!query.test(viewOf(doc))) continue;
    if (toSkip > 0) {
      toSkip--;
      continue;
    }
    yield doc;
    if (limit > 0 && ++taken >= limit) return;
  }
}

/**
 * Runs a filter (with optional sort/skip/limit/projection) and returns a lazy iterator of
 * stored documents (or their projections). Matching and sorting run on numeric views;
 * without a sort, scanning stops as soon as `limit` documents matched.
 */
export function findIterator(coll: Collection | undefined, filter: Document, opts: FindOptions = {}): Iterator<Document> {
  if (!coll) {
    compileQuery(filter); // an invalid filter is refused even when there is nothing to match
    return [][Symbol.iterator]();
  }
  const direct = directIdLookup(coll, filter, opts);
  if (direct) return direct[Symbol.iterator]();
  const query = compileQuery(residualFilter(filter));
  const { sort, reverse } = splitNaturalSort(opts.sort);
  const candidates = candidateDocs(coll, filter);
  const ordered = reverse ? [...candidates].reverse() : candidates;
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = Math.max(0, opts.limit ?? 0);
  let docs: Iterable<Document>;
  if (hasKeys(sort)) {
    const views: Document[] = [];
    for (const doc of ordered) {
      const view = viewOf(doc);
      if (query.test(view)) views.push(view);
    }
    const sorted = sortDocs(views, sort, limit > 0 ? skip + limit : 0);
    docs = mapIterable(sorted.slice(skip, limit > 0 ? skip + limit : undefined), typedOf);
  } else {
    docs = filterSkipLimit(ordered, query, skip, limit);
  }
  if (!hasKeys(opts.projection)) return docs[Symbol.iterator]();
  return projectDocs(docs, opts.projection, query)[Symbol.iterator]();
}

export function findAll(coll: Collection | undefined, filter: Document, opts: FindOptions = {}): Document[] {
  const out: Document[] = [];
  const it = findIterator(coll, filter, opts);
  for (let n = it.next(); !n.done; n = it.next()) out.push(n.value);
  return out;
}

/** Matching stored documents for write paths. */
export function matchingDocs(coll: Collection | undefined, filter: Document, opts: { sort?: Document; limit?: number } = {}): Document[] {
  return findAll(coll, filter, { sort: opts.sort, limit: opts.limit });
}

/** Counts matches without materialising them. */
export function countMatches(coll: Collection | undefined, filter: Document): number {
  if (!coll) {
    compileQuery(filter);
    return 0;
  }
  if (!hasKeys(filter)) return coll.docs.size;
  const query = compileQuery(residualFilter(filter));
  let n = 0;
  for (const doc of candidateDocs(coll, filter)) if (query.test(viewOf(doc))) n++;
  return n;
}

/** Fast path for `{ _id: <scalar> }` without sort/skip/projection: a single map lookup, no mingo. */
function directIdLookup(coll: Collection, filter: Document, opts: FindOptions): Document[] | null {
  if (hasKeys(opts.projection) || (opts.skip ?? 0) > 0) return null;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== "_id") return null;
  const id: unknown = filter._id;
  if (typeof id === "object" && id !== null) {
    if (Array.isArray(id) || id instanceof RegExp) return null;
    if (Object.getPrototypeOf(id) === Object.prototype) return null;
  }
  const doc = coll.getById(id);
  return doc ? [doc] : [];
}

/** `{ $natural: ±1 }` means insertion order (forwards or backwards); it is not a field sort. */
function splitNaturalSort(sort: Document | undefined): { sort: Document | undefined; reverse: boolean } {
  if (!sort || !("$natural" in sort)) return { sort, reverse: false };
  const { $natural, ...rest } = sort;
  return { sort: rest, reverse: Number($natural) < 0 };
}
