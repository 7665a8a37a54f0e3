import { type Document } from "bson";
import * as pipelineOperators from "mingo/operators/pipeline";
import { Lazy, type Iterator as LazyIterator } from "mingo/lazy";
import { Query } from "mingo/query";
import { type AnyObject, type Options } from "mingo/types";
import { MongoCommandError } from "../errors.js";
import { type Collation, collationOf } from "./collation.js";
import { inDocumentOrder } from "./field-order.js";
import { sortDocs } from "./sort-docs.js";

/** The aggregate command's collation (handed to mingo as `options.collation`), or null for simple. */
function collationIn(options: Options): Collation | null {
  return collationOf(options.collation ?? null);
}

/** `$project` with MongoDB's output order (`_id` first, then the input document's order). */
function $project(coll: LazyIterator, expr: AnyObject, options: Options): LazyIterator {
  let source: unknown;
  // mingo's $project maps one to one and lazily, so `source` is the input of each output document.
  const projected = pipelineOperators.$project(coll.map((doc) => (source = doc)), expr, options);
  return projected.map((out) => inDocumentOrder(out, source));
}

/**
 * `$sort` as `find` sorts: BSON type order, arrays by their smallest (ascending) or largest
 * (descending) element, an empty array below null, strings under the aggregate's collation; stable.
 * (mingo's own `$sort` orders mixed types and arrays differently and ignores the collation.)
 */
function $sort(coll: LazyIterator, expr: AnyObject, options: Options, textScore?: (doc: Document) => number): LazyIterator {
  if (typeof expr !== "object" || Array.isArray(expr) || Object.keys(expr).length === 0) {
    throw new MongoCommandError(15976, "Location15976", "$sort stage must have at least one sort key");
  }
  const collation = collationIn(options);
  return coll.transform((docs) => Lazy(sortDocs(docs as Document[], expr, 0, textScore, collation)));
}

/** `$sort` for a pipeline whose leading `$match` is a `$text` search: `{ $meta: "textScore" }` keys sort by its scores. */
export function textScoreSort(textScore: (doc: Document) => number) {
  return (coll: LazyIterator, expr: AnyObject, options: Options): LazyIterator => $sort(coll, expr, options, textScore);
}

/** `$match` after the first stage: under a collation both the filter's and the documents' strings compare by collation key. */
function $match(coll: LazyIterator, expr: AnyObject, options: Options): LazyIterator {
  const collation = collationIn(options);
  if (!collation) return pipelineOperators.$match(coll, expr, options);
  const query = new Query(collation.keyed(expr), options);
  return coll.filter((doc: Document) => query.test(collation.keyed(doc)));
}

/** Pipeline stages where the engine's behaviour replaces mingo's. */
export const PIPELINE_OVERRIDES = { $project, $sort, $match };
