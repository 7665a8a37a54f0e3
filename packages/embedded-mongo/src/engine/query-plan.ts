import { type Document } from "bson";
import { badValue } from "../errors.js";
import { type Collection } from "./collection.js";
import { type FieldBounds, fieldBounds } from "./index-bounds.js";
import { encodeKey, formatValue } from "./key-encoding.js";
import { type IntervalSpec, KeyBound, type OrderedIndex } from "./ordered-index.js";
import { residualFilter, topLevelIds } from "./query-planner.js";
import { viewOf } from "./numeric-view.js";
import { parseTextOperand, type TextSearchOptions } from "./text-index.js";
import { commandError } from "../errors.js";

export interface PlanStats {
  keys: number;
  docs: number;
}

/** One way to produce candidate documents; the executor still tests `filter` on each candidate. */
export interface QueryPlan {
  stage: "COLLSCAN" | "IDHACK" | "IXSCAN" | "TEXT" | "EOF";
  /** For `$text` plans: a matching document's text score (by its `_id`). */
  textScore?: (doc: Document) => number;
  /** What every candidate must still pass: the whole filter (minus an `_id` equality the IDHACK lookup satisfied). */
  filter: Document;
  /** Candidates already come in the order of the requested sort. */
  providesSort: boolean;
  index?: { name: string; keyPattern: Document; multikey: boolean; backwards: boolean; bounds: Record<string, string[]> };
  candidates(stats: PlanStats): Iterable<Document>;
}

interface Candidate {
  name: string;
  keyPattern: Document;
  ordered: OrderedIndex;
  sparse: boolean;
  /** Cheap count of documents whose first field equals a value, to prefer the most selective index. */
  countFirst(value: unknown): number;
  /** Only used when named by `hint` (partial or collation indexes; hidden ones only by the TTL monitor). */
  hintOnly: boolean;
}

interface Scan {
  candidate: Candidate;
  specs: IntervalSpec[];
  eqLen: number;
  hasRange: boolean;
  sortBackwards: boolean | undefined;
  estimate: number;
}

function indexCandidates(coll: Collection, withHidden: boolean): Candidate[] {
  const list: Candidate[] = [
    {
      name: "_id_", keyPattern: { _id: 1 }, ordered: coll.idOrder, sparse: false, hintOnly: false,
      countFirst: (v) => (coll.docs.has(encodeKey(v)) ? 1 : 0),
    },
  ];
  for (const index of coll.indexes.values()) {
    const spec = index.spec;
    // A hidden index is invisible to the planner and to hint (it is still maintained and enforces uniqueness).
    if (index.text || (spec.hidden === true && !withHidden)) continue;
    list.push({
      name: spec.name, keyPattern: spec.key, ordered: index.ordered, sparse: spec.sparse === true,
      hintOnly: !index.plannable || spec.hidden === true || spec.collation !== undefined,
      countFirst: (v) => index.countFirst(v),
    });
  }
  return list;
}

const MAX_INTERVALS = 1000;

function scanFor(candidate: Candidate, bounds: Map<string, FieldBounds>, sort: [string, number][]): Scan {
  const { fields, multikey } = candidate.ordered;
  let specs: IntervalSpec[] = [{ points: [] }];
  let eqLen = 0;
  let hasRange = false;
  for (const field of fields) {
    const b = bounds.get(field);
    if (b?.points) {
      if (specs.length * b.points.length > MAX_INTERVALS) break;
      specs = specs.flatMap((s) => (b.points ?? []).map((p) => ({ points: [...s.points, p] })));
      eqLen++;
      continue;
    }
    if (b?.range && !multikey) {
      const range = b.range;
      specs = specs.map((s) => ({ ...s, range }));
      hasRange = true;
    }
    break;
  }
  let estimate = Infinity;
  const firstPoints = bounds.get(fields[0] ?? "")?.points;
  if (firstPoints) estimate = firstPoints.reduce<number>((n, v) => n + candidate.countFirst(v), 0);
  const sortBackwards = specs.length === 1 && !multikey ? sortDirection(candidate.ordered, bounds, sort) : undefined;
  return { candidate, specs, eqLen, hasRange, sortBackwards, estimate };
}

/** Whether scanning the index gives the sort order: undefined if not, else whether backwards. */
function sortDirection(index: OrderedIndex, bounds: Map<string, FieldBounds>, sort: [string, number][]): boolean | undefined {
  if (sort.length === 0) return undefined;
  const pinned = (f: string): boolean => bounds.get(f)?.points?.length === 1;
  let p = 0;
  let sign = 0;
  for (const [field, dir] of sort) {
    while (p < index.fields.length && index.fields[p] !== field && pinned(index.fields[p] ?? "")) p++;
    if (p < index.fields.length && index.fields[p] === field) {
      const s = dir * (index.dirs[p] ?? 1);
      if (sign !== 0 && s !== sign) return undefined;
      sign = s;
      p++;
      continue;
    }
    if (pinned(field)) continue;
    return undefined;
  }
  return sign === 0 ? false : sign < 0;
}

function usable(scan: Scan, hasSort: boolean): boolean {
  const { candidate, specs, eqLen, hasRange, sortBackwards } = scan;
  if (candidate.hintOnly) return false;
  if (candidate.sparse) {
    // A sparse index lacks the documents missing the field: only a bound excluding null may use it.
    const nullPoint = eqLen > 0 && specs.some((s) => s.points[0] === null);
    if (nullPoint || (eqLen === 0 && !hasRange)) return false;
  }
  return eqLen > 0 || hasRange || (hasSort && sortBackwards !== undefined);
}

function score(scan: Scan, hasSort: boolean): number {
  return scan.eqLen * 4 + (scan.hasRange ? 2 : 0) + (hasSort && scan.sortBackwards !== undefined ? 1 : 0);
}

function better(a: Scan, b: Scan, hasSort: boolean): boolean {
  const sa = score(a, hasSort);
  const sb = score(b, hasSort);
  if (sa !== sb) return sa > sb;
  if (a.estimate !== b.estimate) return a.estimate < b.estimate;
  return a.candidate.ordered.fields.length < b.candidate.ordered.fields.length;
}

function parseSortSpec(sort: Document | undefined): [string, number][] {
  if (!sort) return [];
  return Object.entries(sort).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);
}

function hintedCandidate(candidates: Candidate[], hint: unknown): Candidate | "natural" | "naturalBackwards" | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (typeof hint === "string") {
    const found = candidates.find((c) => c.name === hint);
    if (found) return found;
  } else if (typeof hint === "object" && !Array.isArray(hint)) {
    const keys = Object.keys(hint);
    if (keys.length === 0) return undefined;
    if (keys[0] === "$natural") return Number((hint as Document).$natural) < 0 ? "naturalBackwards" : "natural";
    const wanted = JSON.stringify(Object.fromEntries(Object.entries(hint as Document).map(([k, v]) => [k, Number(v) < 0 ? -1 : 1])));
    const found = candidates.find((c) => JSON.stringify(c.keyPattern) === wanted);
    if (found) return found;
  }
  throw badValue("error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index");
}

function describeBound(v: unknown): string {
  if (v instanceof KeyBound) {
    if (v.rank === -Infinity) return "MinKey";
    if (v.rank === Infinity) return "MaxKey";
    // The ends of a type bracket, written as mongod writes them.
    const ends: Record<number, [string, string]> = {
      2: ["-inf", "inf"], 3: ['""', "{}"], 7: ["ObjectId('000000000000000000000000')", "ObjectId('ffffffffffffffffffffffff')"],
      8: ["false", "true"], 9: ["new Date(-9223372036854775808)", "new Date(9223372036854775807)"], 10: ["Timestamp(0, 0)", "Timestamp(4294967295, 4294967295)"],
    };
    const pair = ends[v.rank];
    return pair ? pair[v.side < 0 ? 0 : 1] : v.side < 0 ? "MinKey" : "MaxKey";
  }
  return formatValue(v);
}

function boundsText(scan: Scan): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const { fields, dirs } = scan.candidate.ordered;
  fields.forEach((field, i) => {
    const forward = (dirs[i] ?? 1) === 1;
    out[field] = scan.specs.map((s) => {
      if (i < s.points.length) return `[${formatValue(s.points[i])}, ${formatValue(s.points[i])}]`;
      if (i === s.points.length && s.range) {
        const r = s.range;
        if (forward) return `${r.loInclusive ? "[" : "("}${describeBound(r.lo)}, ${describeBound(r.hi)}${r.hiInclusive ? "]" : ")"}`;
        return `${r.hiInclusive ? "[" : "("}${describeBound(r.hi)}, ${describeBound(r.lo)}${r.loInclusive ? "]" : ")"}`;
      }
      return forward ? "[MinKey, MaxKey]" : "[MaxKey, MinKey]";
    });
  });
  return out;
}

function ixscanPlan(coll: Collection, filter: Document, scan: Scan): QueryPlan {
  const { ordered } = scan.candidate;
  const backwards = scan.sortBackwards === true;
  const dedupe = ordered.multikey;
  return {
    stage: "IXSCAN",
    filter,
    providesSort: scan.sortBackwards !== undefined,
    index: { name: scan.candidate.name, keyPattern: scan.candidate.keyPattern, multikey: ordered.multikey, backwards, bounds: boundsText(scan) },
    *candidates(stats) {
      const seen = dedupe ? new Set<string>() : null;
      const specs = backwards ? [...scan.specs].reverse() : scan.specs;
      for (const spec of specs) {
        const [start, end] = ordered.intervalKeys(spec);
        for (const idKey of ordered.scan(start, end, backwards, stats)) {
          if (seen) {
            if (seen.has(idKey)) continue;
            seen.add(idKey);
          }
          const doc = coll.docs.get(idKey);
          if (!doc) continue;
          stats.docs++;
          yield doc;
        }
      }
    },
  };
}

function collscanPlan(coll: Collection, filter: Document, backwards: boolean): QueryPlan {
  return {
    stage: "COLLSCAN",
    filter,
    providesSort: false,
    *candidates(stats) {
      const docs = backwards ? [...coll.docs.values()].reverse() : coll.docs.values();
      for (const doc of docs) {
        stats.docs++;
        yield doc;
      }
    },
  };
}

function idPlan(coll: Collection, filter: Document, ids: unknown[]): QueryPlan {
  const bounds = { _id: ids.map((v) => `[${formatValue(v)}, ${formatValue(v)}]`) };
  return {
    stage: "IDHACK",
    filter: residualFilter(filter),
    providesSort: false,
    index: { name: "_id_", keyPattern: { _id: 1 }, multikey: false, backwards: false, bounds },
    *candidates(stats) {
      const seen = new Set<string>();
      for (const v of ids) {
        const key = encodeKey(v);
        if (seen.has(key)) continue;
        seen.add(key);
        stats.keys++;
        const doc = coll.docs.get(key);
        if (!doc) continue;
        stats.docs++;
        yield doc;
      }
    },
  };
}

export interface PlanOptions {
  sort?: Document;
  hint?: unknown;
  /** `{ $natural: -1 }` was asked for: a backwards collection scan. */
  naturalBackwards?: boolean;
  /** The sort asked for `$natural` order: only a collection scan gives it. */
  natural?: boolean;
  /** The engine's own scan (the TTL monitor): a hidden index may be hinted. */
  withHidden?: boolean;
}

/**
 * Chooses how to find the candidates of a filter: the `_id` map for an `_id` equality, else the
 * index (including `_id`'s order) with the longest equality prefix, then a range on the next field,
 * then one giving the sort order; `hint` forces an index or a collection scan. Candidates are
 * always a superset of the matches and the executor applies the whole filter to each of them.
 */
export function planQuery(coll: Collection, filter: Document, opts: PlanOptions = {}): QueryPlan {
  const text = splitText(filter);
  if (text) return textPlan(coll, text.rest, text.search, opts.sort);
  const candidates = indexCandidates(coll, opts.withHidden === true);
  const hinted = hintedCandidate(candidates, opts.hint);
  const sort = parseSortSpec(opts.sort);
  if (hinted === "naturalBackwards") return collscanPlan(coll, filter, true);
  if (hinted === "natural" || opts.natural) return collscanPlan(coll, filter, opts.naturalBackwards === true);
  if (hinted) return ixscanPlan(coll, filter, scanFor(hinted, fieldBounds(filter), sort));
  const ids = topLevelIds(filter);
  if (ids) return idPlan(coll, filter, ids);
  const bounds = fieldBounds(filter);
  let best: Scan | undefined;
  const hasSort = sort.length > 0;
  for (const candidate of candidates) {
    const scan = scanFor(candidate, bounds, sort);
    if (!usable(scan, hasSort)) continue;
    if (!best || better(scan, best, hasSort)) best = scan;
  }
  return best ? ixscanPlan(coll, filter, best) : collscanPlan(coll, filter, false);
}

/** A `$text` condition at the top level or in a top-level `$and`, and the rest of the filter. */
export function splitText(filter: Document): { search: TextSearchOptions; rest: Document } | undefined {
  if ("$text" in filter) {
    const { $text, ...rest } = filter;
    return { search: parseTextOperand($text), rest };
  }
  const and: unknown = filter.$and;
  if (!Array.isArray(and)) return undefined;
  const i = and.findIndex((c) => typeof c === "object" && c !== null && "$text" in c);
  if (i < 0) return undefined;
  const inner = splitText(and[i] as Document);
  if (!inner) return undefined;
  const others = and.filter((_, j) => j !== i);
  if (Object.keys(inner.rest).length > 0) others.push(inner.rest);
  const { $and: _and, ...rest } = filter;
  return { search: inner.search, rest: others.length > 0 ? { ...rest, $and: others } : rest };
}

/** True for a sort on the text score alone: the text plan then hands out candidates best first. */
function byScoreOnly(sort: Document | undefined): boolean {
  const values = Object.values(sort ?? {});
  return values.length === 1 && typeof values[0] === "object" && values[0] !== null && (values[0] as Document).$meta === "textScore";
}

function textPlan(coll: Collection, rest: Document, search: TextSearchOptions, sort: Document | undefined): QueryPlan {
  const index = [...coll.indexes.values()].find((i) => i.text);
  if (!index?.text) throw commandError("IndexNotFound", "text index required for $text query");
  const scores = index.text.search(search, (idKey) => {
    const doc = coll.docs.get(idKey);
    return doc ? viewOf(doc) : undefined;
  });
  const ranked = byScoreOnly(sort);
  return {
    stage: "TEXT",
    filter: rest,
    providesSort: ranked,
    index: { name: index.spec.name, keyPattern: index.spec.key, multikey: false, backwards: false, bounds: {} },
    textScore: (doc) => scores.get(encodeKey(doc._id)) ?? 0,
    *candidates(stats) {
      const order = ranked ? [...scores].sort((a, b) => b[1] - a[1]).map(([idKey]) => idKey) : scores.keys();
      for (const idKey of order) {
        stats.keys++;
        const doc = coll.docs.get(idKey);
        if (!doc) continue;
        stats.docs++;
        yield doc;
      }
    },
  };
}
