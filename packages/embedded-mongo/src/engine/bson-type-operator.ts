import { Binary, BSONSymbol, Code, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from "bson";
import { typedOf } from "./numeric-view.js";
import { valuesAtPath } from "./paths.js";

const ALIASES: Record<string, number> = {
  double: 1, string: 2, object: 3, array: 4, binData: 5, undefined: 6, objectId: 7, bool: 8, date: 9, null: 10,
  regex: 11, dbPointer: 12, javascript: 13, symbol: 14, int: 16, timestamp: 17, long: 18, decimal: 19, minKey: -1, maxKey: 127,
};
const NUMBER_TYPES = new Set([1, 16, 18, 19]);

/** BSON type number of a stored value. */
export function bsonTypeNumber(v: unknown): number {
  if (v === undefined) return 6;
  if (v === null) return 10;
  if (typeof v === "number") return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0) ? 16 : 1;
  if (typeof v === "string") return 2;
  if (typeof v === "boolean") return 8;
  if (typeof v === "bigint") return 18;
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Timestamp) return 17; // before Long: Timestamp extends Long
  if (v instanceof Long) return 18;
  if (v instanceof Double) return 1;
  if (v instanceof Decimal128) return 19;
  if (v instanceof Binary) return 5;
  if (v instanceof Code) return 13;
  if (v instanceof BSONSymbol) return 14;
  if (v instanceof MinKey) return -1;
  if (v instanceof MaxKey) return 127;
  return 3;
}

function typeMatches(value: unknown, wanted: unknown): boolean {
  if (wanted === "number") return NUMBER_TYPES.has(bsonTypeNumber(value));
  const code = typeof wanted === "string" ? ALIASES[wanted] : Number(wanted);
  if (code === undefined || Number.isNaN(code)) throw new Error(`Unknown type name alias: ${String(wanted)}`);
  return bsonTypeNumber(value) === code;
}

function topLevelValue(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** MongoDB-accurate `$type`, evaluated on the stored document so int64/decimal/double are distinguished. */
export function $type(selector: string, value: unknown): (obj: Record<string, unknown>) => boolean {
  const wanted = Array.isArray(value) ? (value as unknown[]) : [value];
  return (obj) => {
    const doc = typedOf(obj);
    const whole = topLevelValue(doc, selector);
    if (Array.isArray(whole) && wanted.some((w) => w === "array" || Number(w) === 4)) return true;
    const values = valuesAtPath(doc, selector);
    return values.some((v) => v !== undefined && wanted.some((w) => typeMatches(v, w)));
  };
}
