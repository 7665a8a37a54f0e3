import { Binary, Decimal128, type Document, Double, Long, ObjectId, Timestamp } from "bson";
import { updateOne } from "mingo/updater";
import { type AnyObject } from "mingo/types";
import { badValue, commandError, MongoCommandError } from "../errors.js";
import { encodeKey, formatValue } from "./key-encoding.js";
import { mingoOptions } from "./mingo-context.js";
import { normalizeNumbers, restoreNumberTypes } from "./numeric-view.js";
import { deleteOwnPath, getOwnPath, safeClone, setOwnPath } from "./own-paths.js";
import { getPath, setPath } from "./paths.js";
import { prepareModifier } from "./update-validation.js";
import { rewriteAddToSet } from "./add-to-set.js";
import { rewriteLogicalPull } from "./pull-logical.js";
import { hasPositionalPaths, resolvePositionalPaths } from "./positional.js";

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
    const docs: AnyObject[] = [safeClone<AnyObject>(view)];
    const result = updateOne(docs, {}, normalizeNumbers(update) as never, {}, mingoOptions());
    next = restoreNumberTypes(docs[0] ?? view, doc) as Document;
    modified = result.modifiedCount > 0;
  } else if (isOperatorUpdate(update)) {
    // Positional segments become the concrete indexes they stand for, so mingo only sees plain paths.
    const own = opts.inserting ? update : withoutSetOnInsert(update);
    const resolved = hasPositionalPaths(own) ? resolvePositionalPaths(own, view, opts.inserting ? null : opts.filter, opts.arrayFilters ?? []) : own;
    const normalized: Document = {};
    for (const [op, spec] of Object.entries(resolved)) normalized[op] = NUMERIC_OPERAND_OPS.has(op) ? normalizeNumbers(spec as unknown) : (spec as unknown);
    const withSets = rewriteLogicalPull(doc, view, rewriteAddToSet(doc, normalized, resolved.$addToSet));
    // Operands are copied here (prototype-safely); mingo then assigns them as they are.
    const { $setOnInsert, ...prepared } = safeClone(prepareModifier(view, withSets));
    const { modifier, ownOps } = splitProtoPaths(prepared, opts.inserting);
    const clone = safeClone<AnyObject>(view);
    modified = false;
    if (Object.keys(modifier).length > 0) {
      const config = { cloneMode: "none" as const };
      modified = runMingoUpdate(() => updateOne([clone], {}, modifier, config, mingoOptions()).modifiedCount > 0);
    }
    if (opts.inserting && $setOnInsert && typeof $setOnInsert === "object") {
      const inserts = splitProtoPaths({ $set: $setOnInsert as Document }, true);
      if (Object.keys(inserts.modifier).length > 0) updateOne([clone], {}, inserts.modifier, { cloneMode: "none" }, mingoOptions());
      applyOwnOps(clone, inserts.ownOps);
      modified = true;
    }
    if (applyOwnOps(clone, ownOps)) modified = true;
    if (reassignBinaries(clone, modifier.$set)) modified = true;
    const assigned = assignedPaths(resolved);
    next = restoreNumberTypes(clone, doc, (path) => assigned.some((p) => pathMatches(p, path))) as Document;
    promoteArithmeticResults(next, doc, resolved);
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

const PROTO_SAFE_OPS = new Set(["$set", "$unset", "$rename"]);

/**
 * A path mingo refuses or mishandles but MongoDB takes as plain field names: a `__proto__` or a
 * `$`-prefixed segment, or the name of an inherited property (`constructor.prototype.x` and
 * `toString` were silent no-ops: mingo walked into the inherited value).
 */
function needsOwnHandling(path: string): boolean {
  return path.split(".").some((p) => p === "__proto__" || p.startsWith("$") || Object.prototype.hasOwnProperty.call(Object.prototype, p));
}

/** The `$`-prefixed top-level field a path names, if any (nested ones may be updated in place). */
function dollarPrefixedTopField(path: string): string | undefined {
  const top = path.split(".")[0] ?? "";
  return top.startsWith("$") ? top : undefined;
}

/**
 * Paths with a `__proto__` segment are ordinary field names to MongoDB; mingo refuses them, and
 * `$`-prefixed field names too, which MongoDB (since 5.0) accepts when an upsert inserts. The
 * `$set`/`$unset`/`$rename` entries on such paths are taken out of the modifier and applied by
 * the engine with own-property helpers. On an existing document a `$`-prefixed *top-level* field
 * is refused (code 52), as MongoDB does; nested ones (`prefs.$each`) are updated.
 */
function splitProtoPaths(prepared: Document, inserting: boolean): { modifier: Document; ownOps: [string, string, unknown][] } {
  const modifier: Document = {};
  const ownOps: [string, string, unknown][] = [];
  for (const [op, spec] of Object.entries(prepared)) {
    if (!PROTO_SAFE_OPS.has(op) || !spec || typeof spec !== "object") {
      modifier[op] = spec as unknown;
      continue;
    }
    const kept: Document = {};
    for (const [path, operand] of Object.entries(spec as Document)) {
      const target = op === "$rename" && typeof operand === "string" ? operand : undefined;
      if (!needsOwnHandling(path) && !(target !== undefined && needsOwnHandling(target))) {
        kept[path] = operand as unknown;
        continue;
      }
      const dollar = op === "$unset" ? undefined : dollarPrefixedTopField(target ?? path);
      if (dollar !== undefined && !inserting) {
        throw new MongoCommandError(52, "DollarPrefixedFieldName", `The dollar ($) prefixed field '${dollar}' in '${target ?? path}' is not valid for storage.`);
      }
      ownOps.push([op, path, operand]);
    }
    if (Object.keys(kept).length > 0) modifier[op] = kept;
  }
  return { modifier, ownOps };
}

function applyOwnOps(doc: Document, ops: [string, string, unknown][]): boolean {
  let changed = false;
  for (const [op, path, operand] of ops) {
    if (op === "$set") {
      if (encodeKey(getOwnPath(doc, path)) === encodeKey(operand) && getOwnPath(doc, path) !== undefined) continue;
      setOwnPath(doc, path, operand);
      changed = true;
    } else if (op === "$unset") {
      changed = deleteOwnPath(doc, path) || changed;
    } else {
      const value = getOwnPath(doc, path);
      if (value === undefined) continue;
      deleteOwnPath(doc, path);
      setOwnPath(doc, String(operand), value);
      changed = true;
    }
  }
  return changed;
}

function containsBinary(v: unknown): boolean {
  if (v instanceof Binary) return true;
  if (Array.isArray(v)) return v.some(containsBinary);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some(containsBinary);
  return false;
}

/**
 * mingo's `$set` skips a value equal to the current one, and its equality ignores the BinData
 * subtype; MongoDB compares the bytes *and* the subtype. Such values are assigned here.
 */
function reassignBinaries(doc: Document, set: unknown): boolean {
  if (!set || typeof set !== "object") return false;
  let changed = false;
  for (const [path, operand] of Object.entries(set as Document)) {
    if (!containsBinary(operand)) continue;
    if (encodeKey(getOwnPath(doc, path)) === encodeKey(operand)) continue;
    setOwnPath(doc, path, operand);
    changed = true;
  }
  return changed;
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
