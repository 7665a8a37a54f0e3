import { Decimal128, type Document, Double, Long, ObjectId, Timestamp } from "bson";
import { updateOne } from "mingo/updater";
import { type AnyObject } from "mingo/types";
import { cloneDeep } from "mingo/util";
import { badValue, commandError, MongoCommandError } from "../errors.js";
import { encodeKey, formatValue } from "./key-encoding.js";
import { mingoOptions } from "./mingo-context.js";
import { normalizeNumbers, restoreNumberTypes } from "./numeric-view.js";
import { getPath, setPath } from "./paths.js";
import { prepareModifier } from "./update-validation.js";
import { rewriteAddToSet } from "./add-to-set.js";

const UPDATE_OPERATORS = new Set([
  "$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename", "$push", "$pull", "$pullAll",
  "$addToSet", "$pop", "$bit", "$currentDate", "$setOnInsert",
]);
const PIPELINE_STAGES = new Set(["$addFields", "$set", "$project", "$unset", "$replaceRoot", "$replaceWith"]);

export type UpdateSpec = Document | Document[];

export function isOperatorUpdate(update: UpdateSpec): boolean {
  if (Array.isArray(update)) return false;
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}

export function validateUpdate(update: unknown): UpdateSpec {
  if (Array.isArray(update)) {
    for (const stage of update as unknown[]) {
      const name = stage && typeof stage === "object" ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        throw commandError("InvalidOptions", `${String(name)} is not allowed to be used within an update`);
      }
    }
    return update as Document[];
  }
  if (!update || typeof update !== "object") throw badValue("Update argument must be either an object or an array");
  const keys = Object.keys(update);
  const dollar = keys.filter((k) => k.startsWith("$"));
  if (dollar.length > 0 && dollar.length !== keys.length) {
    throw badValue(`Unknown modifier: ${keys.find((k) => !k.startsWith("$")) ?? ""}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of dollar) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw commandError("FailedToParse", `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
  }
  return update;
}

function immutableIdError(id: unknown): Error {
  return commandError(
    "ImmutableField",
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(id)}`,
  );
}

/** Puts `_id` first, as MongoDB stores it. */
export function withIdFirst(doc: Document): Document {
  if (Object.keys(doc)[0] === "_id") return doc;
  const { _id, ...rest } = doc;
  const id: unknown = _id;
  return { _id: id, ...rest };
}

export interface AppliedUpdate {
  doc: Document;
  modified: boolean;
}

/** Operators whose operands take part in numeric comparison/arithmetic: their operands are normalised. */
const NUMERIC_OPERAND_OPS = new Set(["$inc", "$mul", "$min", "$max", "$bit", "$pull", "$pullAll", "$addToSet"]);
/** Operators that assign their operand as-is: the types of those paths come from the operand. */
const ASSIGNING_OPS = new Set(["$set", "$setOnInsert", "$push", "$addToSet"]);

function pathMatches(pattern: string[], path: string[]): boolean {
  if (path.length < pattern.length) return false;
  return pattern.every((p, i) => p === path[i] || p === "$" || p.startsWith("$["));
}

/** Paths whose values were assigned by the update (their BSON types must not be restored from the old doc). */
function assignedPaths(modifier: Document): string[][] {
  const out: string[][] = [];
  for (const [op, spec] of Object.entries(modifier)) {
    if (!spec || typeof spec !== "object") continue;
    if (ASSIGNING_OPS.has(op)) for (const k of Object.keys(spec as Document)) out.push(k.split("."));
    if (op === "$rename") for (const target of Object.values(spec as Document)) out.push(String(target).split("."));
  }
  return out;
}

function immutableCheck(next: Document, doc: Document, originalId: string): Document {
  const originalIdValue: unknown = doc._id;
  if (!("_id" in next) && originalIdValue !== undefined) next = { _id: originalIdValue, ...next };
  if (originalIdValue !== undefined && encodeKey(next._id) !== originalId) throw immutableIdError(next._id);
  return next;
}

/**
 * Computes the updated copy of `doc` (never mutating it). `filter` enables the positional `$`.
 * `inserting` applies $setOnInsert (upsert path). Updates run on the numeric view of the
 * document and BSON number types are restored afterwards.
 */
export function applyUpdate(doc: Document, update: UpdateSpec, opts: { filter: Document; arrayFilters?: Document[]; inserting: boolean }): AppliedUpdate {
  const originalId = encodeKey(doc._id);
  const view = normalizeNumbers(doc);
  let next: Document;
  let modified: boolean;
  if (Array.isArray(update)) {
    const docs: AnyObject[] = [cloneDeep<AnyObject>(view)];
    const result = updateOne(docs, {}, normalizeNumbers(update) as never, {}, mingoOptions());
    next = restoreNumberTypes(docs[0] ?? view, doc) as Document;
    modified = result.modifiedCount > 0;
  } else if (isOperatorUpdate(update)) {
    const normalized: Document = {};
    for (const [op, spec] of Object.entries(update)) normalized[op] = NUMERIC_OPERAND_OPS.has(op) ? normalizeNumbers(spec as unknown) : (spec as unknown);
    const withSets = rewriteAddToSet(doc, normalized, update.$addToSet);
    const { $setOnInsert, ...modifier } = prepareModifier(view, opts.inserting ? withSets : withoutSetOnInsert(withSets));
    const clone = cloneDeep<AnyObject>(view);
    modified = false;
    if (Object.keys(modifier).length > 0) {
      // The document already matched the filter; mingo needs it again only to resolve a positional `$`.
      const condition = opts.inserting || !usesPositional(modifier) ? {} : normalizeNumbers(opts.filter);
      const config = { arrayFilters: normalizeNumbers(opts.arrayFilters ?? []), cloneMode: "deep" as const };
      modified = runMingoUpdate(() => updateOne([clone], condition, modifier, config, mingoOptions()).modifiedCount > 0);
    }
    if (opts.inserting && $setOnInsert && typeof $setOnInsert === "object") {
      updateOne([clone], {}, { $set: $setOnInsert as AnyObject }, { cloneMode: "deep" }, mingoOptions());
      modified = true;
    }
    const assigned = assignedPaths(update);
    next = restoreNumberTypes(clone, doc, (path) => assigned.some((p) => pathMatches(p, path))) as Document;
    promoteArithmeticResults(next, doc, update);
  } else {
    const replacement = update;
    if ("_id" in replacement && encodeKey(replacement._id) !== originalId) throw immutableIdError(replacement._id);
    const id: unknown = doc._id;
    next = { _id: id, ...replacement };
    if ("_id" in replacement) next._id = id;
    modified = true;
  }
  next = immutableCheck(next, doc, originalId);
  if (next._id === undefined && opts.inserting) next = { _id: new ObjectId(), ...next };
  return { doc: withIdFirst(next), modified };
}

/** Whether some path of the modifier has a positional `$` segment (`a.$.b`), resolved from the filter. */
function usesPositional(modifier: Document): boolean {
  return Object.values(modifier).some(
    (spec) => spec !== null && typeof spec === "object" && Object.keys(spec as Document).some((path) => path.split(".").includes("$")),
  );
}

function withoutSetOnInsert(modifier: Document): Document {
  const { $setOnInsert: _ignored, ...rest } = modifier;
  return rest;
}

/** Maps mingo's update errors to MongoDB error codes. */
function runMingoUpdate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes("would create a conflict")) {
      throw new MongoCommandError(40, "ConflictingUpdateOperators", message.replace(/^updating/, "Updating"));
    }
    if (message.includes("immutable field '_id'")) throw commandError("ImmutableField", message.replace(/\.$/, ""));
    throw err;
  }
}

/**
 * BSON type promotion for `$inc`/`$mul` (on plain paths): the result is Decimal128 if either
 * side was, otherwise int64 if either side was (and the result is integral), otherwise a
 * double if either side was an explicit double.
 */
function promoteArithmeticResults(next: Document, before: Document, update: Document): void {
  for (const op of ["$inc", "$mul"]) {
    const spec = update[op] as Document | undefined;
    if (!spec || typeof spec !== "object") continue;
    for (const [path, operand] of Object.entries(spec)) {
      if (path.includes("$")) continue;
      const result = getPath(next, path);
      if (typeof result !== "number") continue;
      const old = getPath(before, path);
      const kinds = [operand, old];
      let promoted: unknown;
      const int32Inputs = kinds.every((k) => k === undefined || isInt32Number(k));
      if (kinds.some((k) => k instanceof Decimal128)) promoted = Decimal128.fromString(String(result));
      else if (kinds.some((k) => k instanceof Long && !(k instanceof Timestamp)) && Number.isInteger(result)) promoted = Long.fromNumber(result);
      else if (kinds.some((k) => k instanceof Double) && Number.isInteger(result)) promoted = new Double(result);
      else if (int32Inputs && Number.isInteger(result) && !isInt32Number(result)) promoted = Long.fromNumber(result); // int32 overflow widens
      if (promoted !== undefined) setPath(next, path, promoted);
    }
  }
}

function isInt32Number(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}
