import { type Document } from "bson";
import { type AnyObject, type CollationSpec } from "mingo/types";
import * as pipelineOperators from "mingo/operators/pipeline";
import { commandError, MongoCommandError, notSupported } from "../errors.js";
import { cloneForPipeline, restoreViews, viewOf } from "../engine/numeric-view.js";
import { compileQuery, createAggregator } from "../engine/mingo-context.js";
import { explainCommand } from "./explain-command.js";
import { planQuery, type QueryPlan } from "../engine/query-plan.js";
import { type Collation } from "../engine/collation.js";
import { effectiveCollation } from "../engine/query-exec.js";
import { type CommandContext, optionalNumber } from "./context.js";
import { refuseTransactions } from "./write-helpers.js";

const UNSUPPORTED_STAGES = new Set([
  "$out", "$merge", "$changeStream", "$collStats", "$indexStats", "$currentOp", "$listSessions",
  "$listLocalSessions", "$planCacheStats", "$search", "$searchMeta", "$vectorSearch", "$geoNear",
]);

const KNOWN_STAGES = new Set(Object.keys(pipelineOperators));

function stageName(stage: unknown): string {
  if (!stage || typeof stage !== "object" || Array.isArray(stage)) throw commandError("TypeMismatch", "Each element of the 'pipeline' array must be an object");
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw commandError("Location40352", "A pipeline stage specification object must contain exactly one field.");
  return keys[0] ?? "";
}

function checkPipeline(pipeline: unknown[]): void {
  for (const stage of pipeline) {
    const name = stageName(stage);
    if (UNSUPPORTED_STAGES.has(name)) throw notSupported(`aggregation stage ${name}`);
    if (!KNOWN_STAGES.has(name)) throw new MongoCommandError(40324, "Location40324", `Unrecognized pipeline stage name: '${name}'`);
    const body = (stage as Document)[name] as unknown;
    if (name === "$lookup" || name === "$unionWith" || name === "$facet") {
      const nested = name === "$facet" ? Object.values(body as Document) : [(body as Document | undefined)?.pipeline];
      for (const sub of nested) if (Array.isArray(sub)) checkPipeline(sub as unknown[]);
    }
  }
}

export function aggregateCommand(ctx: CommandContext): Document {
  refuseTransactions(ctx.body);
  const target: unknown = ctx.body.aggregate;
  const pipeline: unknown = ctx.body.pipeline;
  if (!Array.isArray(pipeline)) throw commandError("TypeMismatch", "'pipeline' option must be specified as an array");
  if (ctx.body.explain === true) {
    const { explain: _explain, ...inner } = ctx.body;
    return explainCommand({ ...ctx, body: { explain: inner, verbosity: "queryPlanner" } });
  }
  const cursorOpt: unknown = ctx.body.cursor;
  if (!cursorOpt || typeof cursorOpt !== "object") {
    throw commandError("FailedToParse", "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  checkPipeline(pipeline as unknown[]);
  const catalog = ctx.store.catalog;
  const resolver = (name: string): AnyObject[] => Array.from(catalog.collection(ctx.db, name)?.docs.values() ?? [], cloneForPipeline);
  let source: Iterable<Document>;
  let ns: string;
  let stages = pipeline as Document[];
  let collationSpec: CollationSpec | undefined;
  let textScore: ((doc: Document) => number) | undefined;
  if (typeof target === "string") {
    const coll = catalog.collection(ctx.db, target);
    const first = stages[0];
    const firstMatch = first && "$match" in first ? (first.$match as Document) : undefined;
    if (firstMatch) stages = stages.slice(1);
    if (firstMatch && !coll) compileQuery(firstMatch); // an invalid filter is refused even without documents
    const collation = effectiveCollation(coll, ctx.body.collation ?? undefined);
    if (collation) collationSpec = (ctx.body.collation ?? coll?.options.collation) as CollationSpec;
    const plan = coll ? planQuery(coll, firstMatch ?? {}, { hint: ctx.body.hint, natural: collation !== null && ctx.body.hint === undefined }) : undefined;
    source = plan ? matchedInputs(plan, needsPrivateCopies(stages), collation) : [];
    textScore = plan?.textScore;
    ns = `${ctx.db}.${target}`;
  } else {
    const first = (pipeline as Document[])[0];
    if (!first || !("$documents" in first)) throw commandError("InvalidNamespace", "aggregate: 1 requires a $documents first stage");
    source = [];
    ns = `${ctx.db}.$cmd.aggregate`;
  }
  const aggregator = createAggregator(stages, resolver, collationSpec, textScore);
  const results = aggregator.stream(source) as unknown as Iterator<Document>;
  const iterator: Iterator<Document> = {
    next: () => {
      const r = results.next();
      return r.done ? r : { done: false, value: restoreViews(r.value) as Document };
    },
  };
  const batchSize = optionalNumber(cursorOpt, "batchSize", 101);
  return ctx.cursors.firstBatch(ns, iterator, batchSize);
}

/** Stages known not to modify their input documents in mingo (they only read or build new objects). */
const READ_ONLY_STAGES = new Set(["$match", "$sort", "$limit", "$skip", "$count", "$group", "$sortByCount"]);

/** mingo mutates input documents in many stages; only purely reading pipelines may see stored documents. */
function needsPrivateCopies(stages: Document[]): boolean {
  return stages.some((stage) => !READ_ONLY_STAGES.has(Object.keys(stage)[0] ?? ""));
}

/** Documents passing the leading $match: views of stored documents, or private copies the pipeline may mutate. */
function* matchedInputs(plan: QueryPlan, copy: boolean, collation: Collation | null): Generator<Document> {
  const query = Object.keys(plan.filter).length > 0 ? compileQuery(collation ? collation.keyed(plan.filter) : plan.filter) : undefined;
  for (const doc of plan.candidates({ keys: 0, docs: 0 })) {
    const view = viewOf(doc);
    if (!query || query.test(collation ? collation.keyed(view) : view)) yield copy ? cloneForPipeline(doc) : view;
  }
}
