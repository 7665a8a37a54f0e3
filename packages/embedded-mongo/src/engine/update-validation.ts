import { type Document, Timestamp } from "bson";
import { commandError, MongoCommandError } from "../errors.js";
import { bsonTypeNumber } from "./bson-type-operator.js";
import { encodeKey, formatDoc, formatValue } from "./key-encoding.js";

const TYPE_NAMES: Record<number, string> = {
  1: "double", 2: "string", 3: "object", 4: "array", 5: "binData", 7: "objectId", 8: "bool", 9: "date", 10: "null",
  11: "regex", 16: "int", 17: "timestamp", 18: "long", 19: "decimal",
};
const NUMERIC_OPS = new Set(["$inc", "$mul"]);
const ARRAY_OPS = new Set(["$push", "$addToSet", "$pull", "$pullAll", "$pop"]);

function typeName(v: unknown): string {
  return TYPE_NAMES[bsonTypeNumber(v)] ?? "object";
}

function isContainer(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !(v instanceof Date) && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
}

/** Operators that create the fields they name (the others do nothing on a path that cannot exist). */
const CREATING_OPS = new Set(["$set", "$setOnInsert", "$inc", "$mul", "$min", "$max", "$push", "$addToSet", "$currentDate", "$bit"]);

function pathNotViable(part: string, parent: string, value: unknown): MongoCommandError {
  return new MongoCommandError(28, "PathNotViable", `Cannot create field '${part}' in element {${parent}: ${formatValue(value)}}`);
}

/**
 * Walks a plain path (own fields only); throws PathNotViable when it crosses a scalar, or, for
 * operators that create fields, when it names a field inside an array. Returns the value
 * (undefined if missing).
 */
function valueForWrite(doc: Document, path: string, creating: boolean): unknown {
  const parts = path.split(".");
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    if (cur === undefined) return undefined;
    if (!isContainer(cur)) throw pathNotViable(part, parts[i - 1] ?? "", cur);
    if (Array.isArray(cur) && !/^\d+$/.test(part)) {
      if (creating) throw pathNotViable(part, parts[i - 1] ?? "", cur);
      return undefined;
    }
    cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
  }
  return cur;
}

function idText(doc: Document): string {
  return formatDoc({ _id: doc._id as unknown }).replace(/^\{ /, "{").replace(/ \}$/, "}");
}

/**
 * Checks an operator update against the document (a numeric view) and returns the modifier to
 * hand to mingo: `$set` of an unchanged `_id` is dropped and `$currentDate` becomes `$set`.
 */
export function prepareModifier(view: Document, modifier: Document): Document {
  const out: Document = {};
  const paths: string[] = [];
  for (const [op, spec] of Object.entries(modifier)) {
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) {
      throw commandError("FailedToParse", `Modifiers operate on fields but we found type ${typeof spec} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(spec)}}`);
    }
    const fields: Document = {};
    for (const [path, operand] of Object.entries(spec as Document)) {
      const settingNewId = view._id === undefined && (op === "$set" || op === "$setOnInsert");
      if ((path === "_id" || path.startsWith("_id.")) && !settingNewId) {
        if (op === "$set" || op === "$setOnInsert") {
          if (encodeKey(operand) === encodeKey(view._id)) continue;
        }
        throw commandError("ImmutableField", "Performing an update on the path '_id' would modify the immutable field '_id'");
      }
      paths.push(path);
      if (op === "$rename") paths.push(String(operand));
      const positional = path.split(".").some((p) => p.startsWith("$"));
      if (!positional) {
        const current = valueForWrite(view, path, CREATING_OPS.has(op));
        if (NUMERIC_OPS.has(op)) {
          if (typeof operand !== "number") {
            throw commandError("TypeMismatch", `Cannot ${op === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${formatDoc({ v: operand }).slice(5, -2)}}`);
          }
          if (current !== undefined && typeof current !== "number") {
            throw commandError("TypeMismatch", `Cannot apply ${op} to a value of non-numeric type. ${idText(view)} has the field '${path.split(".").pop() ?? path}' of non-numeric type ${typeName(current)}`);
          }
        }
        if (ARRAY_OPS.has(op) && current !== undefined && !Array.isArray(current)) {
          throw commandError("BadValue", `The field '${path}' must be an array but is of type ${typeName(current)} in document ${idText(view)}`);
        }
      }
      fields[path] = operand as unknown;
    }
    if (op === "$currentDate") {
      const set = (out.$set ?? {}) as Document;
      for (const [path, how] of Object.entries(fields)) {
        const wantsTimestamp = typeof how === "object" && how !== null && (how as Document).$type === "timestamp";
        set[path] = wantsTimestamp ? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 }) : new Date();
      }
      out.$set = set;
      continue;
    }
    if (Object.keys(fields).length > 0) out[op] = op === "$set" && out.$set ? { ...(out.$set as Document), ...fields } : fields;
  }
  checkConflicts(paths);
  return out;
}

function checkConflicts(paths: string[]): void {
  const split = paths.map((p) => p.split("."));
  for (let i = 0; i < split.length; i++) {
    for (let j = i + 1; j < split.length; j++) {
      const a = split[i] ?? [];
      const b = split[j] ?? [];
      const n = Math.min(a.length, b.length);
      if (a.slice(0, n).join(".") === b.slice(0, n).join(".")) {
        throw new MongoCommandError(40, "ConflictingUpdateOperators", `Updating the path '${paths[j] ?? ""}' would create a conflict at '${a.slice(0, n).join(".")}'`);
      }
    }
  }
}
