import { type Document } from "bson";
import { isPlainObject } from "./filter-fields.js";

/**
 * Output field order as MongoDB produces it: `_id` first, then the fields taken from the input
 * document in the document's order (recursively for embedded documents), then computed fields
 * in the order they were produced. mingo emits fields in projection order with `_id` last.
 */
export function inDocumentOrder(out: unknown, source: unknown): unknown {
  if (Array.isArray(out)) {
    if (!Array.isArray(source)) return out;
    return out.map((v, i) => inDocumentOrder(v, (source as unknown[])[i]));
  }
  if (!isPlainObject(out) || !isPlainObject(source)) return out;
  const ordered: Document = {};
  const put = (k: string) => {
    if (!Object.prototype.hasOwnProperty.call(out, k) || Object.prototype.hasOwnProperty.call(ordered, k)) return;
    Object.defineProperty(ordered, k, { value: inDocumentOrder(out[k], source[k]), enumerable: true, writable: true, configurable: true });
  };
  put("_id");
  for (const k of Object.keys(source)) put(k);
  for (const k of Object.keys(out)) put(k);
  return ordered;
}
