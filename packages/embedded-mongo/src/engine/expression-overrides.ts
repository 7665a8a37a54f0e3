import { evalExpr } from "mingo/core";
import { type ExpressionOperator, type Options } from "mingo/types";
import { bsonCompare } from "./bson-compare.js";

type Expr = (obj: unknown, expr: unknown, options: Options) => unknown;

/** Aggregation comparison operators with MongoDB's cross-type ordering (mingo compares mixed types as unequal). */
function comparison(name: string, test: (c: number) => unknown): Expr {
  return (obj, expr, options) => {
    if (!Array.isArray(expr) || expr.length !== 2) throw new Error(`Expression ${name} takes exactly 2 arguments.`);
    const [a, b] = evalExpr(obj, expr, options) as unknown[];
    return test(bsonCompare(a, b, true));
  };
}

export const EXPRESSION_OVERRIDES: Record<string, ExpressionOperator> = {
  $eq: comparison("$eq", (c) => c === 0),
  $ne: comparison("$ne", (c) => c !== 0),
  $gt: comparison("$gt", (c) => c > 0),
  $gte: comparison("$gte", (c) => c >= 0),
  $lt: comparison("$lt", (c) => c < 0),
  $lte: comparison("$lte", (c) => c <= 0),
  $cmp: comparison("$cmp", (c) => Math.sign(c)),
};
