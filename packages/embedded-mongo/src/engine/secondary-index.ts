import { type Document } from "bson";
import { type Query } from "mingo/query";
import { commandError } from "../errors.js";
import { type IndexSpec } from "./index-spec.js";
import { encodeKey, formatDoc } from "./key-encoding.js";
import { compileQuery } from "./mingo-context.js";
import { viewOf } from "./numeric-view.js";
import { type Collation, collationOf } from "./collation.js";
import { OrderedIndex } from "./ordered-index.js";
import { isTextSpec, TextIndex } from "./text-index.js";
import { valuesAtPath } from "./paths.js";

export interface IndexEntry {
  /** Canonical keys of the full (compound) key, one per multikey combination. */
  fullKeys: string[];
  /** Canonical keys of the first field only, used for prefix/equality lookups. */
  firstKeys: string[];
  /** Key value tuples, parallel to fullKeys, for error messages. */
  tuples: unknown[][];
  /** The document's numeric view, from which the ordered keys are computed. */
  view: Document;
}

/** A single-field or compound index over a collection: unique map plus first-field lookup map. */
export class SecondaryIndex {
  readonly fields: string[];
  private readonly partial: Query | null;
  private readonly unique = new Map<string, string>();
  private readonly byFirst = new Map<string, Set<string> | string>();
  /** The same entries in key order, for range scans and sorts. */
  readonly ordered: OrderedIndex;
  /** Set for a text index: its postings replace the key maps. */
  readonly text: TextIndex | null;

  /** Unique and equality keys of strings are collation keys under a non-simple collation. */
  private readonly collation: Collation | null;

  constructor(readonly spec: IndexSpec, private readonly ns: string) {
    this.collation = collationOf(spec.collation);
    this.text = isTextSpec(spec) ? new TextIndex(spec) : null;
    this.fields = this.text ? [] : Object.keys(spec.key);
    this.ordered = new OrderedIndex(this.fields, this.fields.map((f) => (Number(spec.key[f]) < 0 ? -1 : 1)));
    this.partial = spec.partialFilterExpression ? compileQuery(spec.partialFilterExpression) : null;
  }

  get isUnique(): boolean {
    return this.spec.unique === true;
  }

  /** Usable for answering equality lookups (partial indexes are never used for planning). */
  get plannable(): boolean {
    return !this.partial && !this.text;
  }

  entryFor(doc: Document): IndexEntry | null {
    const view = viewOf(doc);
    if (this.partial && !this.partial.test(view)) return null;
    if (this.text) return { fullKeys: [], firstKeys: [], tuples: [], view };
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return null;
    let tuples: unknown[][] = [[]];
    for (const vals of perField) {
      const options = vals.length === 0 ? [null] : vals;
      const next: unknown[][] = [];
      for (const t of tuples) for (const v of options) next.push([...t, v]);
      tuples = next;
    }
    const c = this.collation;
    const enc = c ? (v: unknown) => encodeKey(typeof v === "string" ? c.key(v) : v) : encodeKey;
    const fullKeys = tuples.map((t) => t.map(enc).join("\u0000"));
    const firstKeys = [...new Set(tuples.map((t) => enc(t[0])))];
    return { fullKeys, firstKeys, tuples, view };
  }

  /** Throws E11000 if inserting `entry` for document `idKey` would violate uniqueness. */
  checkUnique(entry: IndexEntry | null, idKey: string): void {
    if (!this.isUnique || !entry) return;
    for (let i = 0; i < entry.fullKeys.length; i++) {
      const owner = this.unique.get(entry.fullKeys[i] ?? "");
      if (owner !== undefined && owner !== idKey) throw this.duplicateError(entry.tuples[i] ?? []);
    }
  }

  duplicateError(tuple: unknown[]): Error {
    const keyValue: Record<string, unknown> = {};
    this.fields.forEach((f, i) => (keyValue[f] = tuple[i] ?? null));
    const message = `E11000 duplicate key error collection: ${this.ns} index: ${this.spec.name} dup key: ${formatDoc(keyValue)}`;
    return commandError("DuplicateKey", message, { keyPattern: this.spec.key, keyValue });
  }

  add(entry: IndexEntry | null, idKey: string): void {
    if (!entry) return;
    if (this.text) {
      this.text.add(entry.view, idKey);
      return;
    }
    this.ordered.add(this.ordered.keysFor(entry.view, idKey), idKey);
    if (this.isUnique) for (const k of entry.fullKeys) this.unique.set(k, idKey);
    for (const k of entry.firstKeys) {
      const cur = this.byFirst.get(k);
      if (cur === undefined) this.byFirst.set(k, idKey);
      else if (typeof cur === "string") {
        if (cur !== idKey) this.byFirst.set(k, new Set([cur, idKey]));
      } else cur.add(idKey);
    }
  }

  remove(entry: IndexEntry | null, idKey: string): void {
    if (!entry) return;
    if (this.text) {
      this.text.remove(entry.view, idKey);
      return;
    }
    this.ordered.remove(this.ordered.keysFor(entry.view, idKey));
    if (this.isUnique) for (const k of entry.fullKeys) if (this.unique.get(k) === idKey) this.unique.delete(k);
    for (const k of entry.firstKeys) {
      const cur = this.byFirst.get(k);
      if (cur === idKey) this.byFirst.delete(k);
      else if (cur instanceof Set) {
        cur.delete(idKey);
        if (cur.size === 1) this.byFirst.set(k, cur.values().next().value as string);
        else if (cur.size === 0) this.byFirst.delete(k);
      }
    }
  }

  /** Document id-keys whose first indexed field equals `value` (canonically). */
  countFirst(value: unknown): number {
    const cur = this.byFirst.get(encodeKey(value));
    return cur === undefined ? 0 : typeof cur === "string" ? 1 : cur.size;
  }

  lookupFirst(value: unknown): Iterable<string> {
    const cur = this.byFirst.get(encodeKey(value));
    if (cur === undefined) return [];
    return typeof cur === "string" ? [cur] : cur;
  }
}
