import { type Document } from "bson";

/**
 * Prototype-safe helpers for documents whose field names are data, `__proto__` included: own
 * properties only, created with `Object.defineProperty` (an assignment to `__proto__` would set
 * the object's prototype instead of storing a field).
 */
export function defineField(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainContainer(v: unknown): v is Document | unknown[] {
  if (Array.isArray(v)) return true;
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of plain objects and arrays (BSON values, dates and other objects are shared: stored values are never mutated). */
export function safeClone<T>(value: T): T {
  if (!isPlainContainer(value)) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => safeClone(v)) as T;
  const out: Document = {};
  for (const k of Object.keys(value)) defineField(out, k, safeClone((value as Document)[k]));
  return out as T;
}

function hasOwn(obj: unknown, key: string): boolean {
  return typeof obj === "object" && obj !== null && Object.prototype.hasOwnProperty.call(obj, key);
}

export function getOwnPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (!hasOwn(cur, part)) return undefined;
    cur = (cur as Document)[part];
  }
  return cur;
}

/** Sets a field, creating missing embedded documents on the way (objects on the path are expected to be private copies). */
export function setOwnPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    const next: unknown = hasOwn(cur, part) ? cur[part] : undefined;
    if (next === null || typeof next !== "object") {
      const created: Document = {};
      defineField(cur, part, created);
      cur = created;
    } else {
      cur = next;
    }
  }
  defineField(cur, parts[parts.length - 1] ?? "", value);
}

export function deleteOwnPath(doc: Document, path: string): boolean {
  const parts = path.split(".");
  const last = parts.pop() ?? "";
  const parent = parts.length > 0 ? getOwnPath(doc, parts.join(".")) : doc;
  if (!hasOwn(parent, last)) return false;
  if (Array.isArray(parent) && /^\d+$/.test(last)) {
    (parent as unknown[])[Number(last)] = null;
    return true;
  }
  Reflect.deleteProperty(parent as Document, last);
  return true;
}
