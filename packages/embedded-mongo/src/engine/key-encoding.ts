import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from "bson";

/**
 * Canonical string encoding of a BSON value for index keys: equal values under MongoDB
 * semantics (1, 1.0, Long(1), Decimal128("1")) produce the same key.
 */
export function encodeKey(value: unknown): string {
  if (value === undefined || value === null) return "z";
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "n0" : `n${value}`;
    case "string":
      return `s${value}`;
    case "boolean":
      return value ? "bt" : "bf";
    case "bigint":
      return `n${value}`;
    default:
      break;
  }
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof Timestamp) return `t${value.t}:${value.i}`;
  if (value instanceof Long) return `n${value.toString()}`;
  if (value instanceof Int32 || value instanceof Double) return `n${value.value}`;
  if (value instanceof Decimal128) return `n${Number(value.toString())}`;
  if (value instanceof Binary) return `x${value.sub_type}:${Buffer.from(value.buffer).toString("base64")}`;
  if (value instanceof RegExp) return `r/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map(encodeKey).join(",")}]`;
  if (typeof value === "object") {
    const bsonType = (value as { _bsontype?: unknown })._bsontype;
    const parts: string[] = typeof bsonType === "string" ? [`#${bsonType}`] : [];
    for (const [k, v] of Object.entries(value)) parts.push(`${JSON.stringify(k)}:${encodeKey(v)}`);
    return `{${parts.join(",")}}`;
  }
  return `?${typeof value}`;
}

/** Formats a value like MongoDB does in duplicate-key messages: `{ email: "a@b.c" }`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof Timestamp) return `Timestamp(${value.t}, ${value.i})`;
  if (value instanceof Long) return value.toString();
  if (value instanceof Decimal128) return value.toString();
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(", ")} ]`;
  if (typeof value === "object") return formatDoc(value as Record<string, unknown>);
  return typeof value;
}

export function formatDoc(doc: Record<string, unknown>): string {
  const entries = Object.entries(doc);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ")} }`;
}
