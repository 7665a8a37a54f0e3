import { type Document } from "bson";
import { commandError } from "../errors.js";
import { type IndexSpec } from "./index-spec.js";
import { encodeKey, formatDoc } from "./key-encoding.js";
import { registerStoredDoc, viewOf } from "./numeric-view.js";
import { OrderedIndex } from "./ordered-index.js";
import { SecondaryIndex } from "./secondary-index.js";

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: "_id_" };

/**
 * One collection in memory: documents by canonical _id key (Map keeps insertion order,
 * which is the natural order) plus secondary indexes. Every mutation is all-or-nothing:
 * all constraints are checked before anything changes.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, SecondaryIndex>();
  /** `_id` in order, for `_id` ranges and sorts (the `docs` map answers equality). */
  readonly idOrder = new OrderedIndex(["_id"], [1]);

  constructor(readonly db: string, readonly name: string, readonly options: Document = {}) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get(idKey: string): Document | undefined {
    return this.docs.get(idKey);
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(encodeKey(id));
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  insert(doc: Document): void {
    const idKey = encodeKey(doc._id);
    if (this.docs.has(idKey)) {
      const message = `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: ${dupIdText(doc._id)}`;
      throw commandError("DuplicateKey", message, { keyPattern: { _id: 1 }, keyValue: { _id: doc._id as unknown } });
    }
    registerStoredDoc(doc);
    const entries = [...this.indexes.values()].map((index) => {
      const entry = index.entryFor(doc);
      index.checkUnique(entry, idKey);
      return entry;
    });
    let i = 0;
    for (const index of this.indexes.values()) index.add(entries[i++] ?? null, idKey);
    this.idOrder.add([[viewOf(doc)._id ?? null, idKey]], idKey);
    this.docs.set(idKey, doc);
  }

  /** Replaces the document with the same _id as `next`. */
  replace(next: Document): void {
    const idKey = encodeKey(next._id);
    const prev = this.docs.get(idKey);
    if (!prev) {
      this.insert(next);
      return;
    }
    registerStoredDoc(next);
    const changes = [...this.indexes.values()].map((index) => {
      const entry = index.entryFor(next);
      index.checkUnique(entry, idKey);
      return { index, before: index.entryFor(prev), after: entry };
    });
    for (const { index, before, after } of changes) {
      index.remove(before, idKey);
      index.add(after, idKey);
    }
    this.docs.set(idKey, next);
  }

  delete(id: unknown): boolean {
    const idKey = encodeKey(id);
    const prev = this.docs.get(idKey);
    if (!prev) return false;
    for (const index of this.indexes.values()) index.remove(index.entryFor(prev), idKey);
    this.idOrder.remove([[viewOf(prev)._id ?? null, idKey]]);
    this.docs.delete(idKey);
    return true;
  }

  /** Builds a new index over existing documents; fails with E11000 without changing anything. */
  addIndex(spec: IndexSpec): void {
    const index = new SecondaryIndex(spec, this.ns);
    for (const [idKey, doc] of this.docs) {
      const entry = index.entryFor(doc);
      index.checkUnique(entry, idKey);
      index.add(entry, idKey);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): boolean {
    return this.indexes.delete(name);
  }
}

function dupIdText(id: unknown): string {
  return formatDoc({ _id: id });
}
