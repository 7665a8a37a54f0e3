import { type Document } from "bson";
import { Aggregator } from "mingo/aggregator";
import { Context } from "mingo/core";
import * as accumulatorOperators from "mingo/operators/accumulator";
import * as expressionOperators from "mingo/operators/expression";
import * as pipelineOperators from "mingo/operators/pipeline";
import * as projectionOperators from "mingo/operators/projection";
import * as windowOperators from "mingo/operators/window";
import { Query } from "mingo/query";
import { type AnyObject, type CollationSpec, type CollectionResolver, type Options, type QueryOperator } from "mingo/types";
import { badValue } from "../errors.js";
import { EXPRESSION_OVERRIDES } from "./expression-overrides.js";
import { QUERY_OPERATORS } from "./query-operator-overrides.js";
import { normalizeNumbers } from "./numeric-view.js";
import { PIPELINE_OVERRIDES, textScoreSort } from "./pipeline-overrides.js";

/** All mingo operators; query `$type`/`$eq`/`$ne`/`$all` and expression comparisons are MongoDB-accurate versions. */
const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: { ...expressionOperators, ...EXPRESSION_OVERRIDES },
  pipeline: { ...pipelineOperators, ...PIPELINE_OVERRIDES },
  projection: projectionOperators,
  query: QUERY_OPERATORS,
  window: windowOperators,
});

/** Shared mingo options: MongoDB-strict behaviour, no cloning (the engine copies on write itself). */
export function mingoOptions(collectionResolver?: CollectionResolver): Partial<Options> {
  return {
    idKey: "_id",
    useStrictMode: true,
    scriptEnabled: false,
    context: CONTEXT,
    ...(collectionResolver ? { collectionResolver } : {}),
  };
}

/**
 * mingo copies its whole operator table whenever it is handed plain options; handing it one of
 * its own (internal) ComputeOptions objects avoids that. We obtain one by letting a throwaway
 * query pass it to a capturing operator, once.
 */
const captured: Options[] = [];

function queryOptions(): Options {
  const existing = captured[0];
  if (existing) return existing;
  const capture = Context.init({
    query: {
      $__capture: ((_selector: string, _value: unknown, options: Options) => {
        captured.push(options);
        return () => true;
      }) as unknown as QueryOperator,
    },
  });
  new Query({ x: { $__capture: 1 } }, { ...mingoOptions(), context: Context.from(CONTEXT, capture) }).test({});
  const options = captured[0];
  if (!options) throw new Error("mingo options capture failed");
  return options;
}

/** Compiles a filter against document views (wrapped numbers in the filter become JS numbers). */
export function compileQuery(filter: AnyObject): Query {
  try {
    return new Query(normalizeNumbers(filter), queryOptions());
  } catch (err) {
    // MongoDB's wording for an unknown operator (code 2 BadValue, as every mingo error is mapped).
    const unknown = err instanceof Error ? /^unknown query operator (\S+)$/.exec(err.message) : null;
    if (unknown) throw badValue(`unknown operator: ${unknown[1] ?? ""}`);
    throw err;
  }
}

/**
 * An aggregation pipeline; `collation` (the command's, already validated) reaches the `$sort` and
 * `$match` stages; `textScore` (a leading `$text` match's scores) lets `$sort` sort by `{ $meta: "textScore" }`.
 */
export function createAggregator(pipeline: AnyObject[], resolver: CollectionResolver, collation?: CollationSpec, textScore?: (doc: Document) => number): Aggregator {
  // Context.from: the first context's operators win.
  const context = textScore ? Context.from(Context.init({ pipeline: { $sort: textScoreSort(textScore) } }), CONTEXT) : CONTEXT;
  return new Aggregator(normalizeNumbers(pipeline), { ...mingoOptions(resolver), context, ...(collation ? { collation } : {}) });
}
