import { type Document } from "bson";
import { type Query } from "mingo/query";
import { type Collection } from "./collection.js";
import { type Collation, collationOf } from "./collation.js";
import { compileQuery } from "./mingo-context.js";
import { typedOf, viewOf } from "./numeric-view.js";
import { projectDocs } from "./projection.js";
import { planQuery, type PlanStats, type QueryPlan, splitText } from "./query-plan.js";
import { badValue, commandError } from "../errors.js";
import { isTextScoreMeta, sortDocs } from "./sort-docs.js";

export interface FindOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  hint?: unknown;
  /** The query's `collation` option (falls back to the collection's default). */
  collation?: unknown;
}

/** Filled in by `findIterator` for `explain`: the chosen plan and what running it examined. */
export interface ExecutionTrace {
  plan?: QueryPlan;
  stats: PlanStats;
}

function hasKeys(doc: Document | undefined): doc is Document {
  return doc !== undefined && Object.keys(doc).length > 0;
}

function* mapIterable<A, B>(source: Iterable<A>, fn: (a: A) => B): Generator<B> {
  for (const item of source) yield fn(item);
}

/** The collation a query runs with: its own `collation` option, else the collection's default, else simple (null). */
export function effectiveCollation(coll: Collection | undefined, raw: unknown): Collation | null {
  return collationOf(raw ?? (coll?.options.collation as unknown));
}

/** Tests documents (numeric views) against a compiled filter; under a collation both sides use collation keys. */
function matcher(query: Query, collation: Collation | null): { test(view: Document): boolean } {
  return collation ? { test: (view) => query.test(collation.keyed(view)) } : query;
}

function* filterSkipLimit(docs: Iterable<Document>, query: { test(view: Document): boolean }, skip: number, limit: number): Generator<Document> {
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
export function findIterator(coll: Collection | undefined, filter: Document, opts: FindOptions = {}, trace?: ExecutionTrace): Iterator<Document> {
  if (!coll) {
    if (splitText(filter)) throw commandError("IndexNotFound", "text index required for $text query");
    compileQuery(filter); // an invalid filter is refused even when there is nothing to match
    return [][Symbol.iterator]();
  }
  const direct = trace || opts.hint !== undefined ? null : directIdLookup(coll, filter, opts);
  if (direct) return direct[Symbol.iterator]();
  const { sort, natural, reverse } = splitNaturalSort(opts.sort);
  const collation = effectiveCollation(coll, opts.collation);
  // Index keys hold strings as they are: under a collation only a collection scan (or a hinted index) finds every match.
  const plan = planQuery(coll, filter, { sort, hint: opts.hint, natural: natural || (collation !== null && opts.hint === undefined), naturalBackwards: reverse });
  const stats = trace?.stats ?? { keys: 0, docs: 0 };
  if (trace) trace.plan = plan;
  const projectionQuery = compileQuery(plan.filter);
  const query = collation ? matcher(compileQuery(collation.keyed(plan.filter)), collation) : projectionQuery;
  const candidates = plan.candidates(stats);
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = Math.max(0, opts.limit ?? 0);
  let docs: Iterable<Document>;
  if (hasKeys(sort) && !plan.providesSort) {
    const views: Document[] = [];
    for (const doc of candidates) {
      const view = viewOf(doc);
      if (query.test(view)) views.push(view);
    }
    const sorted = sortDocs(views, sort, limit > 0 ? skip + limit : 0, plan.textScore, collation);
    docs = mapIterable(sorted.slice(skip, limit > 0 ? skip + limit : undefined), typedOf);
  } else {
    docs = filterSkipLimit(candidates, query, skip, limit);
  }
  if (!hasKeys(opts.projection)) return docs[Symbol.iterator]();
  return projectWithMeta(docs, opts.projection, projectionQuery, plan.textScore)[Symbol.iterator]();
}

/** Projection with `{ field: { $meta: "textScore" } }` entries: the rest is projected, then the scores added. */
function projectWithMeta(docs: Iterable<Document>, projection: Document, query: Query, textScore?: (doc: Document) => number): Iterable<Document> {
  const metas = Object.entries(projection).filter(([, v]) => isTextScoreMeta(v)).map(([k]) => k);
  if (metas.length === 0) return projectDocs(docs, projection, query);
  if (!textScore) throw badValue("query requires text score metadata, but it is not available");
  const rest = Object.fromEntries(Object.entries(projection).filter(([k]) => !metas.includes(k)));
  const withScores = function* (): Generator<Document> {
    for (const doc of docs) {
      const score = textScore(doc);
      const base = hasKeys(rest) ? (projectDocs([doc], rest, query)[Symbol.iterator]().next().value as Document) : { ...doc };
      for (const k of metas) base[k] = score;
      yield base;
    }
  };
  return withScores();
}

export function findAll(coll: Collection | undefined, filter: Document, opts: FindOptions = {}): Document[] {
  const out: Document[] = [];
  const it = findIterator(coll, filter, opts);
  for (let n = it.next(); !n.done; n = it.next()) out.push(n.value);
  return out;
}

/** Matching stored documents for write paths. */
export function matchingDocs(coll: Collection | undefined, filter: Document, opts: { sort?: Document; limit?: number; hint?: unknown; collation?: unknown } = {}): Document[] {
  return findAll(coll, filter, { sort: opts.sort, limit: opts.limit, hint: opts.hint, collation: opts.collation });
}

/** Counts matches without materialising them. */
export function countMatches(coll: Collection | undefined, filter: Document, hint?: unknown, collationRaw?: unknown): number {
  if (!coll) {
    if (splitText(filter)) throw commandError("IndexNotFound", "text index required for $text query");
    compileQuery(filter);
    return 0;
  }
  if (!hasKeys(filter) && hint === undefined) return coll.docs.size;
  const collation = effectiveCollation(coll, collationRaw);
  const plan = planQuery(coll, filter, { hint, natural: collation !== null && hint === undefined });
  const query = matcher(compileQuery(collation ? collation.keyed(plan.filter) : plan.filter), collation);
  let n = 0;
  for (const doc of plan.candidates({ keys: 0, docs: 0 })) if (query.test(viewOf(doc))) n++;
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
function splitNaturalSort(sort: Document | undefined): { sort: Document | undefined; natural: boolean; reverse: boolean } {
  if (!sort || !("$natural" in sort)) return { sort, natural: false, reverse: false };
  const { $natural, ...rest } = sort;
  return { sort: rest, natural: true, reverse: Number($natural) < 0 };
}
