import { BSON, type Document, Double, Int32 } from "bson";

/**
 * Documents are deserialised without promotion and then int32 and non-integral doubles are
 * turned into JS numbers (which serialise back to the same BSON types). Long, Decimal128 and
 * integral doubles (e.g. 2.0, which a JS number would re-encode as int32) keep their wrapper
 * classes so that every value round-trips with its exact BSON type.
 */
const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteValues: false, promoteBuffers: false } as const;

function promoteNumbersInPlace(container: Document | unknown[]): void {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) container[i] = promoteValue(container[i]);
    return;
  }
  for (const key of Object.keys(container)) container[key] = promoteValue(container[key]);
}

function promoteValue(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (v instanceof Int32) return v.value;
  if (v instanceof Double) {
    const n = v.value;
    return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? v : n;
  }
  if (Array.isArray(v)) {
    promoteNumbersInPlace(v);
    return v;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) promoteNumbersInPlace(v);
  return v;
}

export function decodeDocument(buf: Buffer | Uint8Array): Document {
  const doc = BSON.deserialize(buf, DESERIALIZE_OPTIONS);
  promoteNumbersInPlace(doc);
  return doc;
}

export function encodeDocument(doc: Document): Buffer {
  const bytes = BSON.serialize(doc, { ignoreUndefined: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bsonSize(doc: Document): number {
  return BSON.calculateObjectSize(doc, { ignoreUndefined: true });
}
