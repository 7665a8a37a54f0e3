import { type Document, ObjectId } from "bson";
import BTreeModule from "sorted-btree";
import { bsonCompare, typeRank } from "./bson-compare.js";
import { valuesAtPath } from "./paths.js";

// sorted-btree is CommonJS with an `exports.default`; Node's ESM loader hands us the exports object.
const BTree = (BTreeModule as unknown as { default?: typeof BTreeModule }).default ?? BTreeModule;
type Tree = InstanceType<typeof BTreeModule<IndexKey, string>>;

/**
 * A bound in value space: below (side -1) or above (side 1) every value of BSON type rank `rank`.
 * `rank` -Infinity / +Infinity make the bounds below / above every value at all.
 */
export class KeyBound {
  constructor(readonly rank: number, readonly side: -1 | 1) {}
}
export const VALUE_MIN = new KeyBound(-Infinity, -1);
export const VALUE_MAX = new KeyBound(Infinity, 1);

/** Index key: the indexed values (numeric views, missing = null) then the document's id key. */
export type IndexKey = unknown[];
const ID_LOW = "";
const ID_HIGH = "\uffff";

export function compareIndexValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : bsonCompare(a, b);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof ObjectId && b instanceof ObjectId) {
    const x = a.id;
    const y = b.id;
    for (let i = 0; i < 12; i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof KeyBound || b instanceof KeyBound) {
    const ra = a instanceof KeyBound ? a.rank : typeRank(a);
    const rb = b instanceof KeyBound ? b.rank : typeRank(b);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const sa = a instanceof KeyBound ? a.side : 0;
    const sb = b instanceof KeyBound ? b.side : 0;
    return sa - sb;
  }
  return bsonCompare(a, b);
}

function pathHasArray(value: unknown, parts: string[], i: number): boolean {
  if (Array.isArray(value)) return true;
  if (i === parts.length || value === null || typeof value !== "object") return false;
  return pathHasArray((value as Record<string, unknown>)[parts[i] ?? ""], parts, i + 1);
}

/**
 * The ordered side of an index: every key in a B+ tree sorted by the index's key pattern
 * (fields and directions) and then by document id key, so ranges can be scanned in order and
 * a sort on the index's fields needs no in-memory sort. An index becomes multikey for good
 * once a document has an array on one of its paths (as MongoDB's); multikey indexes are not
 * used to provide a sort order.
 */
export class OrderedIndex {
  readonly tree: Tree;
  readonly dirs: (1 | -1)[];
  multikey = false;
  private readonly parts: string[][];

  constructor(readonly fields: string[], directions: (1 | -1)[]) {
    this.dirs = directions;
    this.parts = fields.map((f) => f.split("."));
    this.tree = new BTree<IndexKey, string>(undefined, (a, b) => this.compare(a, b));
  }

  compare(a: IndexKey, b: IndexKey): number {
    const n = this.dirs.length;
    for (let i = 0; i < n; i++) {
      const c = compareIndexValues(a[i], b[i]);
      if (c !== 0) return c * (this.dirs[i] ?? 1);
    }
    const x = a[n] as string;
    const y = b[n] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** The keys of one document (several when multikey), from its numeric view. */
  keysFor(view: Document, idKey: string): IndexKey[] {
    let tuples: unknown[][] = [[]];
    for (let f = 0; f < this.fields.length; f++) {
      const path = this.fields[f] ?? "";
      const parts = this.parts[f] ?? [];
      if (parts.length === 1 && !Array.isArray(view[path])) {
        const v: unknown = view[path];
        for (const t of tuples) t.push(v === undefined ? null : v);
        continue;
      }
      if (pathHasArray(view, parts, 0)) this.multikey = true;
      const vals = valuesAtPath(view, path);
      const options = vals.length === 0 ? [null] : vals.map((v) => (v === undefined ? null : v));
      const next: unknown[][] = [];
      for (const t of tuples) for (const v of options) next.push([...t, v]);
      tuples = next;
    }
    for (const t of tuples) t.push(idKey);
    return tuples;
  }

  add(keys: IndexKey[], idKey: string): void {
    for (const k of keys) this.tree.set(k, idKey);
  }

  remove(keys: IndexKey[]): void {
    for (const k of keys) this.tree.delete(k);
  }

  /** Start and end keys (in index order, inclusive) of one interval; see `IntervalSpec`. */
  intervalKeys(spec: IntervalSpec): [IndexKey, IndexKey] {
    const start: unknown[] = [];
    const end: unknown[] = [];
    const n = this.fields.length;
    let startFillHigh = false;
    let endFillHigh = true;
    let i = 0;
    for (; i < spec.points.length; i++) {
      start.push(spec.points[i]);
      end.push(spec.points[i]);
    }
    if (i < n && spec.range) {
      const dir = this.dirs[i] ?? 1;
      const { lo, hi, loInclusive, hiInclusive } = spec.range;
      start.push(dir === 1 ? lo : hi);
      end.push(dir === 1 ? hi : lo);
      startFillHigh = !(dir === 1 ? loInclusive : hiInclusive);
      endFillHigh = dir === 1 ? hiInclusive : loInclusive;
      i++;
    }
    for (let j = i; j < n; j++) {
      const dir = this.dirs[j] ?? 1;
      start.push(startFillHigh === (dir === 1) ? VALUE_MAX : VALUE_MIN);
      end.push(endFillHigh === (dir === 1) ? VALUE_MAX : VALUE_MIN);
    }
    start.push(startFillHigh ? ID_HIGH : ID_LOW);
    end.push(endFillHigh ? ID_HIGH : ID_LOW);
    return [start, end];
  }

  /**
   * Id keys of the entries within [start, end] (index order), forwards or backwards. The tree is
   * read in chunks and re-entered after the last key seen, so documents written while a cursor
   * holds this generator (between getMores) never meet a tree iterator invalidated by the write.
   */
  *scan(start: IndexKey, end: IndexKey, backwards: boolean, counter: { keys: number }): Generator<string> {
    let from = backwards ? end : start;
    let first = true;
    let size = 32;
    for (;;) {
      const chunk: [IndexKey, string][] = [];
      let done = true;
      const entries = backwards ? this.tree.entriesReversed(from, undefined, !first) : this.tree.entries(from);
      for (const entry of entries) {
        const [key] = entry;
        if (!backwards && !first && this.compare(key, from) === 0) continue;
        if (backwards ? this.compare(key, start) < 0 : this.compare(key, end) > 0) break;
        chunk.push([key, entry[1]]);
        if (chunk.length === size) {
          done = false;
          break;
        }
      }
      for (const [, idKey] of chunk) {
        counter.keys++;
        yield idKey;
      }
      const last = chunk[chunk.length - 1];
      if (done || !last) return;
      from = last[0];
      first = false;
      size = Math.min(size * 2, 1024);
    }
  }
}

/** Equality points on the first fields, then an optional range on the next one. */
export interface IntervalSpec {
  points: unknown[];
  range?: { lo: unknown; hi: unknown; loInclusive: boolean; hiInclusive: boolean };
}
