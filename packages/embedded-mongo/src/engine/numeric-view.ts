import { type Document, Decimal128, Double, Int32, Long, Timestamp } from "bson";
import { defineField, safeClone } from "./own-paths.js";

/**
 * mingo compares numbers only as JS numbers, so documents holding int64 (Long), Decimal128
 * or explicit integral doubles (Double) are matched, sorted and updated through a "view"
 * where those values are plain numbers. The stored document keeps the exact BSON types.
 * Views are created only for documents that need them.
 */
const views = new WeakMap<object, Document>();
const typedOfView = new WeakMap<object, Document>();

function isWrappedNumber(v: unknown): v is Long | Decimal128 | Double | Int32 {
  return (v instanceof Long && !(v instanceof Timestamp)) || v instanceof Decimal128 || v instanceof Double || v instanceof Int32;
}

export function toPlainNumber(v: Long | Decimal128 | Double | Int32): number {
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return v.value;
}

function isPlainContainer(v: unknown): v is Document | unknown[] {
  if (Array.isArray(v)) return true;
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Deep copy with wrapped numbers turned into JS numbers; returns the input itself if there are none. */
export function normalizeNumbers<T>(value: T): T {
  if (isWrappedNumber(value)) return toPlainNumber(value) as T;
  if (!isPlainContainer(value)) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const n = normalizeNumbers(v);
      if (n !== v && !out) out = value.slice(0, i);
      if (out) out.push(n);
    }
    return (out ?? value) as T;
  }
  let out: Document | null = null;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? "";
    const v: unknown = (value as Document)[k];
    const n = normalizeNumbers(v);
    if (n !== v && !out) {
      out = {};
      for (let j = 0; j < i; j++) {
        const kk = keys[j] ?? "";
        defineField(out, kk, (value as Document)[kk]);
      }
    }
    if (out) defineField(out, k, n);
  }
  return (out ?? value) as T;
}

/** Must be called for every document that enters a collection. */
export function registerStoredDoc(doc: Document): void {
  const view = normalizeNumbers(doc);
  if (view !== doc) {
    views.set(doc, view);
    typedOfView.set(view, doc);
  }
}

/** The mingo-friendly view of a stored document (the document itself when no conversion is needed). */
export function viewOf(doc: Document): Document {
  return views.get(doc) ?? doc;
}

/** The stored (typed) document for a view, or the object itself. */
export function typedOf(obj: Document): Document {
  return typedOfView.get(obj) ?? obj;
}

/**
 * After an update computed on a view, restores the BSON number types of `original`
 * at the same paths (Long stays Long, Decimal128 stays Decimal128, Double stays Double).
 */
export function restoreNumberTypes(updated: unknown, original: unknown, skip?: (path: string[]) => boolean, path: string[] = []): unknown {
  if (skip && path.length > 0 && skip(path)) return updated;
  if (typeof updated === "number") {
    if (original instanceof Long && !(original instanceof Timestamp) && Number.isInteger(updated)) return Long.fromNumber(updated);
    if (original instanceof Decimal128) return Decimal128.fromString(String(updated));
    if (original instanceof Double) return new Double(updated);
    return updated;
  }
  if (Array.isArray(updated)) {
    if (!Array.isArray(original)) return updated;
    for (let i = 0; i < updated.length; i++) updated[i] = restoreNumberTypes(updated[i], original[i], skip, [...path, String(i)]);
    return updated;
  }
  if (isPlainContainer(updated) && isPlainContainer(original) && !Array.isArray(original)) {
    const doc = updated as Document;
    for (const k of Object.keys(doc)) doc[k] = restoreNumberTypes(doc[k], original[k], skip, [...path, k]);
  }
  return updated;
}

const cloneOrigin = new WeakMap<object, Document>();

/**
 * mingo's aggregation stages mutate their input documents, so pipelines get private deep
 * copies of the views; copies of converted views remember their stored document.
 */
export function cloneForPipeline(doc: Document): Document {
  const view = viewOf(doc);
  const clone = safeClone(view);
  if (view !== doc) cloneOrigin.set(clone, doc);
  return clone;
}

/** Restores BSON number types inside an aggregation result (for documents that came from converted views). */
export function restoreViews(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const typed = typedOfView.get(value);
  if (typed) return typed;
  const origin = cloneOrigin.get(value);
  if (origin) restoreNumberTypes(value, origin);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreViews(value[i]);
    return value;
  }
  if (isPlainContainer(value)) {
    const doc = value as Document;
    for (const k of Object.keys(doc)) {
      const v: unknown = doc[k];
      if (typeof v === "object" && v !== null) doc[k] = restoreViews(v);
    }
  }
  return value;
}
