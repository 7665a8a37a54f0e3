import { beforeAll, describe, expect, it } from "vitest";
import { type Document, Long } from "mongodb";
import { makeRng, randInt } from "../support/prng";
import { type Loose, useDb } from "../support/target";

/**
 * Differential check of the planner: random filters, sorts and limits over random documents give
 * the same answer through whatever index the planner picks as through a forced collection scan
 * (`hint: { $natural: 1 }`). Sorted answers are compared by their sort keys (ties may come in
 * any order), unsorted ones as sets.
 */
const h = useDb("index_plans_random");
const SEED = Number(process.env.PLAN_FUZZ_SEED ?? 1717);
const rng = makeRng(SEED);

function value(): unknown {
  switch (randInt(rng, 0, 9)) {
    case 0: return null;
    case 1: return undefined; // missing
    case 2: return `s${randInt(rng, 0, 9)}`;
    case 3: return new Long(randInt(rng, 0, 20));
    case 4: return randInt(rng, 0, 20) + 0.5;
    case 5: return [randInt(rng, 0, 20), randInt(rng, 0, 20)];
    default: return randInt(rng, 0, 20);
  }
}

function condition(): unknown {
  const n = () => randInt(rng, 0, 20);
  switch (randInt(rng, 0, 8)) {
    case 0: return n();
    case 1: return { $gt: n() };
    case 2: return { $gte: n(), $lt: n() };
    case 3: return { $lte: n(), $ne: n() };
    case 4: return { $in: [n(), n(), null] };
    case 5: return { $gt: n(), $not: { $in: [n(), n()] } };
    case 6: return { $lt: `s${randInt(rng, 0, 9)}` };
    case 7: return { $exists: rng() < 0.5 };
    default: return { $eq: n() };
  }
}

function randomFilter(): Document {
  const f: Document = {};
  if (rng() < 0.8) f.a = condition();
  if (rng() < 0.6) f.b = condition();
  if (rng() < 0.2) f.c = condition();
  if (rng() < 0.15) f.$or = [{ c: condition() }, { b: condition() }];
  return f;
}

const SORTS: (Document | undefined)[] = [undefined, { a: 1 }, { a: -1 }, { b: 1 }, { a: 1, b: -1 }, { a: -1, b: 1 }, { _id: -1 }];

/** The value a sort orders by: for an array, its smallest element ascending, its largest descending. */
const keyOf = (d: Loose, sort: Document) => JSON.stringify(Object.entries(sort).map(([k, dir]) => {
  const v = d[k];
  if (Array.isArray(v)) return Number(dir) > 0 ? Math.min(...(v as number[])) : Math.max(...(v as number[]));
  return v ?? null;
}));

beforeAll(async () => {
  const coll = h.coll("docs");
  await coll.createIndex({ a: 1 }, {}, undefined);
  await coll.createIndex({ a: 1, b: -1 }, {}, undefined);
  await coll.createIndex({ b: 1 }, {}, undefined);
  const docs: Loose[] = [];
  for (let i = 0; i < 400; i++) {
    const d: Loose = { _id: i };
    for (const f of ["a", "b", "c"]) {
      const v = value();
      if (v !== undefined) d[f] = v;
    }
    docs.push(d);
  }
  await coll.insertMany(docs);
});

describe(`planner vs collection scan (seed ${SEED})`, () => {
  it("300 random queries give the same answers", async () => {
    const coll = h.coll("docs");
    for (let q = 0; q < 300; q++) {
      const filter = randomFilter();
      const sort = SORTS[randInt(rng, 0, SORTS.length - 1)];
      const limit = rng() < 0.5 ? randInt(rng, 1, 40) : 0;
      const run = (hint?: Document) => {
        let cursor = coll.find(filter);
        if (sort) cursor = cursor.sort(sort);
        if (limit) cursor = cursor.limit(limit);
        if (hint) cursor = cursor.hint(hint);
        return cursor.toArray();
      };
      const [planned, scanned] = await Promise.all([run(), run({ $natural: 1 })]);
      const what = `query ${q}: find(${JSON.stringify(filter)}).sort(${JSON.stringify(sort)}).limit(${limit})`;
      if (sort) {
        expect(planned.map((d) => keyOf(d, sort)), what).toEqual(scanned.map((d) => keyOf(d, sort)));
        if (!limit) expect(planned.map((d) => d._id).sort(), what).toEqual(scanned.map((d) => d._id).sort());
      } else if (limit) {
        expect(planned.length, what).toBe(scanned.length);
      } else {
        expect(planned.map((d) => d._id).sort(), what).toEqual(scanned.map((d) => d._id).sort());
      }
    }
  });
});
