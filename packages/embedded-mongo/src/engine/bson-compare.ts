import { Binary, MaxKey, MinKey, ObjectId, Timestamp } from "bson";

/** Canonical BSON type order used by MongoDB for sorting and comparisons. */
export function typeRank(v: unknown, missingBelowNull = false): number {
  if (v === undefined) return missingBelowNull ? 0.5 : 1;
  if (v === null) return 1;
  switch (typeof v) {
    case "number":
    case "bigint":
      return 2;
    case "string":
      return 3;
    case "boolean":
      return 8;
    default:
      break;
  }
  if (v instanceof MinKey) return 0;
  if (v instanceof MaxKey) return 100;
  if (Array.isArray(v)) return 5;
  if (v instanceof Date) return 9;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Timestamp) return 10;
  if (v instanceof Binary) return 6;
  if (v instanceof RegExp) return 11;
  return 4;
}

function cmpPrimitive<T extends number | string | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two values (of numeric views) the way MongoDB orders them. Sorting treats a
 * missing value like null; aggregation expressions (`missingBelowNull`) order it first.
 */
export function bsonCompare(a: unknown, b: unknown, missingBelowNull = false): number {
  const ra = typeRank(a, missingBelowNull);
  const rb = typeRank(b, missingBelowNull);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2: {
      const x = Number(a);
      const y = Number(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
      if (Number.isNaN(y)) return 1;
      return cmpPrimitive(x, y);
    }
    case 3:
      return cmpPrimitive(a as string, b as string);
    case 8:
      return Number(a) - Number(b);
    case 9:
      return cmpPrimitive((a as Date).getTime(), (b as Date).getTime());
    case 7:
      return cmpPrimitive((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 10:
      return (a as Timestamp).compare(b as Timestamp);
    case 6: {
      const x = Buffer.from((a as Binary).buffer);
      const y = Buffer.from((b as Binary).buffer);
      return x.length - y.length || (a as Binary).sub_type - (b as Binary).sub_type || Buffer.compare(x, y);
    }
    case 11:
      return cmpPrimitive(String(a), String(b));
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = bsonCompare(x[i], y[i], missingBelowNull);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 4: {
      const x = Object.entries(a as Record<string, unknown>);
      const y = Object.entries(b as Record<string, unknown>);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [kx, vx] = x[i] ?? ["", undefined];
        const [ky, vy] = y[i] ?? ["", undefined];
        const c = typeRank(vx) - typeRank(vy) || cmpPrimitive(kx, ky) || bsonCompare(vx, vy, missingBelowNull);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return 0;
  }
}
