import { type Document } from "bson";
import { badValue, commandError } from "../errors.js";
import { type ExecutionTrace, findIterator } from "../engine/query-exec.js";
import { type QueryPlan } from "../engine/query-plan.js";
import { type CommandContext, optionalDocument, optionalNumber } from "./context.js";

interface ExplainedQuery {
  coll: string;
  filter: Document;
  sort?: Document;
  projection?: Document;
  skip: number;
  limit: number;
  hint?: unknown;
  /** Pipeline stages after the leading `$match` (aggregate only). */
  stages?: Document[];
}

function firstStatement(body: Document, field: string): Document {
  const list: unknown = body[field];
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (!first || typeof first !== "object") throw badValue(`explain: '${field}' needs one statement`);
  return first;
}

/** The query part of an explained command: only the read side is run, writes change nothing. */
function queryOf(inner: Document): ExplainedQuery {
  const name = Object.keys(inner)[0] ?? "";
  const coll: unknown = inner[name];
  if (typeof coll !== "string") throw commandError("InvalidNamespace", `explain: collection name has invalid type ${typeof coll}`);
  const doc = (field: string): Document | undefined => optionalDocument(inner, field);
  switch (name) {
    case "find":
      return {
        coll, filter: doc("filter") ?? {}, sort: doc("sort"), projection: doc("projection"),
        skip: optionalNumber(inner, "skip", 0), limit: Math.abs(optionalNumber(inner, "limit", 0)), hint: inner.hint,
      };
    case "count":
    case "distinct":
      return { coll, filter: doc("query") ?? {}, skip: optionalNumber(inner, "skip", 0), limit: Math.abs(optionalNumber(inner, "limit", 0)), hint: inner.hint };
    case "findAndModify":
    case "findandmodify":
      return { coll, filter: doc("query") ?? {}, sort: doc("sort"), skip: 0, limit: 1, hint: inner.hint };
    case "delete": {
      const s = firstStatement(inner, "deletes");
      return { coll, filter: (s.q as Document | undefined) ?? {}, skip: 0, limit: Number(s.limit ?? 0), hint: s.hint };
    }
    case "update": {
      const s = firstStatement(inner, "updates");
      return { coll, filter: (s.q as Document | undefined) ?? {}, skip: 0, limit: s.multi === true ? 0 : 1, hint: s.hint };
    }
    case "aggregate": {
      const pipeline: unknown = inner.pipeline;
      if (!Array.isArray(pipeline)) throw commandError("TypeMismatch", "'pipeline' option must be specified as an array");
      const stages = pipeline as Document[];
      const match = stages[0] && "$match" in stages[0] ? (stages[0].$match as Document) : undefined;
      return { coll, filter: match ?? {}, skip: 0, limit: 0, hint: inner.hint, stages: match ? stages.slice(1) : stages };
    }
    default:
      throw commandError("CommandNotFound", `Explain failed due to unknown command: ${name}`);
  }
}

function baseStage(plan: QueryPlan | undefined, filter: Document): Document {
  const single = Object.keys(filter).length === 1 && plan?.stage === "IDHACK" && typeof filter._id !== "object";
  if (!plan || single) return { stage: "IDHACK" };
  if (plan.stage === "TEXT" && plan.index) {
    const name = plan.index.name;
    return { stage: "TEXT_MATCH", indexName: name, inputStage: { stage: "FETCH", inputStage: { stage: "TEXT_OR", indexName: name } } };
  }
  if (plan.stage === "COLLSCAN" || !plan.index) return { stage: "COLLSCAN", filter, direction: "forward" };
  const ix = plan.index;
  const scan = {
    stage: "IXSCAN", keyPattern: ix.keyPattern, indexName: ix.name, isMultiKey: ix.multikey,
    direction: ix.backwards ? "backward" : "forward", indexBounds: ix.bounds,
  };
  return Object.keys(filter).length > 0 ? { stage: "FETCH", filter, inputStage: scan } : { stage: "FETCH", inputStage: scan };
}

function planTree(q: ExplainedQuery, plan: QueryPlan | undefined): Document {
  let stage = baseStage(plan, q.filter);
  const sorted = q.sort && Object.keys(q.sort).length > 0 && !("$natural" in q.sort);
  if (sorted && !plan?.providesSort) {
    stage = { stage: "SORT", sortPattern: q.sort, memLimit: 104857600, ...(q.limit > 0 ? { limitAmount: q.skip + q.limit } : {}), type: "simple", inputStage: stage };
  }
  if (q.skip > 0) stage = { stage: "SKIP", skipAmount: q.skip, inputStage: stage };
  if (q.limit > 0) stage = { stage: "LIMIT", limitAmount: q.limit, inputStage: stage };
  if (q.projection && Object.keys(q.projection).length > 0) stage = { stage: "PROJECTION_DEFAULT", transformBy: q.projection, inputStage: stage };
  return stage;
}

/**
 * `explain` of find, count, distinct, aggregate (its leading `$match`), delete, update and
 * findAndModify: the plan the engine runs (IDHACK, COLLSCAN, or FETCH over IXSCAN with bounds,
 * under SORT/SKIP/LIMIT/PROJECTION stages) and, unless `verbosity: "queryPlanner"`, what running
 * the query examined. Writes are not performed.
 */
export function explainCommand(ctx: CommandContext): Document {
  const inner = optionalDocument(ctx.body, "explain");
  if (!inner) throw badValue("explain command requires a nested object");
  const verbosity = typeof ctx.body.verbosity === "string" ? ctx.body.verbosity : "allPlansExecution";
  const q = queryOf(inner);
  const coll = ctx.store.catalog.collection(ctx.db, q.coll);
  const trace: ExecutionTrace = { stats: { keys: 0, docs: 0 } };
  const started = process.hrtime.bigint();
  const it = findIterator(coll, q.filter, { sort: q.sort, projection: q.projection, skip: q.skip, limit: q.limit, hint: q.hint }, trace);
  let nReturned = 0;
  for (let r = it.next(); !r.done; r = it.next()) nReturned++;
  const millis = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const winningPlan = coll ? planTree(q, trace.plan) : { stage: "EOF" };
  const queryPlanner = {
    namespace: `${ctx.db}.${q.coll}`, indexFilterSet: false, parsedQuery: q.filter,
    maxIndexedOrSolutionsReached: false, maxIndexedAndSolutionsReached: false, maxScansToExplodeReached: false,
    winningPlan, rejectedPlans: [],
  };
  const reply: Document = { explainVersion: "1", queryPlanner };
  if (verbosity !== "queryPlanner") {
    reply.executionStats = {
      executionSuccess: true, nReturned, executionTimeMillis: millis,
      totalKeysExamined: trace.stats.keys, totalDocsExamined: trace.stats.docs,
      executionStages: { ...winningPlan, nReturned },
    };
  }
  if (q.stages) reply.stages = [{ $cursor: { queryPlanner } }, ...q.stages];
  reply.command = inner;
  reply.serverInfo = { host: "localhost", port: 0, version: "7.0.0-embedded" };
  reply.ok = 1;
  return reply;
}
