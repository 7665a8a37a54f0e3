import * as queryOperators from "mingo/operators/query";
import { type Options, type QueryOperator } from "mingo/types";
import { isEqual } from "mingo/util";
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

/** `$all`: every listed value must match like an equality (so a scalar field matches `[x]`). */
const $all: Op = (selector, value, options) => {
  if (!Array.isArray(value)) throw new Error("$all needs an array");
  const preds = (value as unknown[]).map((item) =>
    isPlainObject(item) && "$elemMatch" in item ? baseElemMatch(selector, item.$elemMatch, options) : $eq(selector, item, options),
  );
  return (obj) => preds.length > 0 && preds.every((p) => p(obj));
};

export const QUERY_OPERATORS: Record<string, QueryOperator> = {
  ...(queryOperators as unknown as Record<string, QueryOperator>),
  $eq: $eq,
  $ne: $ne,
  $all: $all,
  $type: $type as unknown as QueryOperator,
};
