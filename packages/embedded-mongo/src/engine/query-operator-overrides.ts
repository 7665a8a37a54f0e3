import { Binary, DBRef } from "bson";
import * as queryOperators from "mingo/operators/query";
import { type Options, type QueryOperator } from "mingo/types";
import { isEqual } from "mingo/util";
import { badValue } from "../errors.js";
import { bsonCompare } from "./bson-compare.js";
import { $type } from "./bson-type-operator.js";
import { valuesAtPath } from "./paths.js";

type Predicate = (obj: Record<string, unknown>) => boolean;
type Op = (selector: string, value: unknown, options: Options) => Predicate;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Deep equality where embedded documents compare field by field *in order*, as in MongoDB. */
export function orderedEqual(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && orderedEqual(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => orderedEqual(v, b[i]));
  return isEqual(a, b);
}

const baseEq = queryOperators.$eq;
const baseElemMatch = queryOperators.$elemMatch as unknown as Op;
const baseIn = queryOperators.$in;

function wholeValue(doc: unknown, selector: string): unknown {
  let cur: unknown = doc;
  for (const part of selector.split(".")) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const $eq: Op = (selector, value, options) => {
  const base = baseEq(selector, value, options);
  if (!isPlainObject(value) && !Array.isArray(value)) return base;
  return (obj) => {
    if (!base(obj)) return false;
    if (orderedEqual(wholeValue(obj, selector), value)) return true;
    return valuesAtPath(obj, selector).some((v) => orderedEqual(v, value));
  };
};

const $ne: Op = (selector, value, options) => {
  const eq = $eq(selector, value, options);
  return (obj) => !eq(obj);
};

/**
 * `$all`: every listed value must match like an equality (so a scalar field matches `[x]`); a
 * regular expression must match some string of the field, as in `$in`.
 */
const $all: Op = (selector, value, options) => {
  if (!Array.isArray(value)) throw new Error("$all needs an array");
  const preds = (value as unknown[]).map((item) => {
    if (isPlainObject(item) && "$elemMatch" in item) return baseElemMatch(selector, item.$elemMatch, options);
    if (item instanceof RegExp) return baseIn(selector, [item], options);
    return $eq(selector, item, options);
  });
  return (obj) => preds.length > 0 && preds.every((p) => p(obj));
};

/** Range comparisons against BinData order by length, then subtype, then bytes (mingo ignores the subtype). */
function binaryRange(name: "$gt" | "$gte" | "$lt" | "$lte", accept: (c: number) => boolean): Op {
  const base = queryOperators[name];
  return (selector, value, options) => {
    if (!(value instanceof Binary)) return base(selector, value, options);
    return (obj) => valuesAtPath(obj, selector).some((v) => v instanceof Binary && accept(bsonCompare(v, value)));
  };
}

/** Bit positions named by a bitwise operator's mask: a non-negative integer, a list of positions, or BinData. */
function maskPositions(op: string, mask: unknown): number[] {
  if (typeof mask === "number") {
    if (!Number.isInteger(mask) || mask < 0) throw badValue(`${op} bitmask must be a non-negative integer, got ${String(mask)}`);
    const out: number[] = [];
    const bits = BigInt(mask).toString(2);
    for (let i = 0; i < bits.length; i++) if (bits[bits.length - 1 - i] === "1") out.push(i);
    return out;
  }
  if (Array.isArray(mask)) {
    for (const p of mask) {
      if (typeof p !== "number" || !Number.isInteger(p) || p < 0) throw badValue(`bit positions must be non-negative integers, but got: ${String(p)}`);
    }
    return mask as number[];
  }
  if (mask instanceof Binary) {
    const bytes = mask.buffer;
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) for (let b = 0; b < 8; b++) if (((bytes[i] ?? 0) >> b) & 1) out.push(i * 8 + b);
    return out;
  }
  throw badValue(`${op} takes an Array, a number, or a BinData but received: ${String(mask)}`);
}

/**
 * Bit `pos` of a field value (undefined when bitwise operators do not apply to it): integral
 * numbers as 64-bit two's complement (sign-extended beyond bit 63), BinData as little-endian
 * bits over its bytes (bit 0 = lowest bit of the first byte; missing bytes are zero).
 */
function bitAt(v: unknown, pos: number): boolean | undefined {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || Math.abs(v) > 2 ** 63) return undefined;
    if (pos >= 64) return v < 0;
    return ((BigInt.asUintN(64, BigInt(v)) >> BigInt(pos)) & 1n) === 1n;
  }
  if (v instanceof Binary) {
    const byte = v.buffer[pos >> 3] ?? 0;
    return ((byte >> (pos & 7)) & 1) === 1;
  }
  return undefined;
}

function bitwise(name: string, test: (bits: boolean[]) => boolean): Op {
  return (selector, value) => {
    const positions = maskPositions(name, value);
    return (obj) =>
      valuesAtPath(obj, selector).some((v) => {
        if (bitAt(v, 0) === undefined) return false;
        return test(positions.map((p) => bitAt(v, p) === true));
      });
  };
}

const DBREF_KEYS: Record<string, string> = { $ref: "__dbref_ref", $id: "__dbref_id", $db: "__dbref_db" };

/**
 * `$elemMatch` whose condition names `$ref`/`$id`/`$db` matches DBRef elements on those fields
 * (mingo takes them for unknown operators): both sides are renamed to plain field names.
 */
const $elemMatch: Op = (selector, raw, options) => {
  // A condition holding `$ref` and `$id` arrives decoded as a DBRef.
  const value: unknown = raw instanceof DBRef ? { $ref: raw.collection, $id: raw.oid as unknown, ...(raw.db ? { $db: raw.db } : {}), ...raw.fields } : raw;
  if (!isPlainObject(value) || !Object.keys(value).some((k) => k in DBREF_KEYS)) return baseElemMatch(selector, value, options);
  const renamed: Record<string, unknown> = {};
  for (const [k, cond] of Object.entries(value)) renamed[DBREF_KEYS[k] ?? k] = cond;
  const inner = queryOperators.$and("", [renamed], options) as unknown as Predicate;
  return (obj) => {
    const whole = wholeValue(obj, selector);
    const elements = Array.isArray(whole) ? (whole as unknown[]) : valuesAtPath(obj, selector);
    return elements.some((el) => {
      if (!(el instanceof DBRef)) return false;
      const fields = el.fields as Record<string, unknown>;
      return inner({ ...fields, __dbref_ref: el.collection, __dbref_id: el.oid, __dbref_db: el.db });
    });
  };
};

export const QUERY_OPERATORS: Record<string, QueryOperator> = {
  ...(queryOperators as unknown as Record<string, QueryOperator>),
  $eq: $eq,
  $ne: $ne,
  $all: $all,
  $elemMatch: $elemMatch,
  $gt: binaryRange("$gt", (c) => c > 0),
  $gte: binaryRange("$gte", (c) => c >= 0),
  $lt: binaryRange("$lt", (c) => c < 0),
  $lte: binaryRange("$lte", (c) => c <= 0),
  $bitsAllSet: bitwise("$bitsAllSet", (bits) => bits.every(Boolean)),
  $bitsAnySet: bitwise("$bitsAnySet", (bits) => bits.some(Boolean)),
  $bitsAllClear: bitwise("$bitsAllClear", (bits) => bits.every((b) => !b)),
  $bitsAnyClear: bitwise("$bitsAnyClear", (bits) => bits.some((b) => !b)),
  $type: $type as unknown as QueryOperator,
};
