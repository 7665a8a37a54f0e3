import { beforeAll, describe, expect, it } from "vitest";
import { useDb } from "../support/target";

const h = useDb("aggregation");
const orders = () => h.coll("orders");

beforeAll(async () => {
  await h.coll("customers").insertMany([
    { _id: "c1", name: "Ada" }, { _id: "c2", name: "Bo" }, { _id: "c3", name: "Cy" },
  ]);
  await orders().insertMany([
    { _id: 1, cust: "c1", amount: 10, items: ["pen", "ink"], status: "paid" },
    { _id: 2, cust: "c1", amount: 30, items: ["book"], status: "paid" },
    { _id: 3, cust: "c2", amount: 5, items: [], status: "open" },
    { _id: 4, cust: "c2", amount: 15, items: ["pen"], status: "paid" },
    { _id: 5, cust: "c3", amount: 40, items: ["desk", "lamp", "pen"], status: "open" },
  ]);
});

describe("aggregation", () => {
  it("$match + $group ($sum $avg $push) + $sort", async () => {
    const out = await orders().aggregate([
      { $match: { status: "paid" } },
      { $group: { _id: "$cust", total: { $sum: "$amount" }, avg: { $avg: "$amount" }, ids: { $push: "$_id" }, n: { $sum: 1 } } },
      { $sort: { total: -1 } },
    ]).toArray();
    expect(out).toEqual([
      { _id: "c1", total: 40, avg: 20, ids: [1, 2], n: 2 },
      { _id: "c2", total: 15, avg: 15, ids: [4], n: 1 },
    ]);
  });

  it("$group with a null key totals everything", async () => {
    const out = await orders().aggregate([{ $group: { _id: null, total: { $sum: "$amount" } } }]).toArray();
    expect(out).toEqual([{ _id: null, total: 100 }]);
  });

  it("$project computes fields and $addFields adds them", async () => {
    const out = await orders().aggregate([
      { $match: { _id: { $lte: 2 } } },
      { $sort: { _id: 1 } },
      { $project: { _id: 0, cust: 1, double: { $multiply: ["$amount", 2] }, nItems: { $size: "$items" } } },
      { $addFields: { big: { $gt: ["$double", 30] } } },
    ]).toArray();
    expect(out).toEqual([
      { cust: "c1", double: 20, nItems: 2, big: false },
      { cust: "c1", double: 60, nItems: 1, big: true },
    ]);
  });

  it("$unwind flattens arrays and drops empty ones", async () => {
    const out = await orders().aggregate([
      { $unwind: "$items" },
      { $group: { _id: "$items", n: { $sum: 1 } } },
      { $sort: { n: -1, _id: 1 } },
      { $limit: 2 },
    ]).toArray();
    expect(out).toEqual([{ _id: "pen", n: 3 }, { _id: "book", n: 1 }]);
    const kept = await orders().aggregate([{ $unwind: { path: "$items", preserveNullAndEmptyArrays: true } }, { $count: "n" }]).toArray();
    expect(kept).toEqual([{ n: 8 }]);
  });

  it("$lookup joins across collections", async () => {
    const out = await h.coll("customers").aggregate([
      { $lookup: { from: "orders", localField: "_id", foreignField: "cust", as: "orders" } },
      { $project: { name: 1, n: { $size: "$orders" } } },
      { $sort: { _id: 1 } },
    ]).toArray();
    expect(out).toEqual([{ _id: "c1", name: "Ada", n: 2 }, { _id: "c2", name: "Bo", n: 2 }, { _id: "c3", name: "Cy", n: 1 }]);
  });

  it("$first/$last/$min/$max/$addToSet, $sortByCount and $replaceRoot", async () => {
    const out = await orders().aggregate([
      { $sort: { _id: 1 } },
      { $group: { _id: "$status", first: { $first: "$_id" }, last: { $last: "$_id" }, lo: { $min: "$amount" }, hi: { $max: "$amount" },
        custs: { $addToSet: "$cust" } } },
      { $sort: { _id: 1 } },
    ]).toArray();
    expect(out.map((g) => ({ ...g, custs: (g.custs as string[]).sort() }))).toEqual([
      { _id: "open", first: 3, last: 5, lo: 5, hi: 40, custs: ["c2", "c3"] },
      { _id: "paid", first: 1, last: 4, lo: 10, hi: 30, custs: ["c1", "c2"] },
    ]);
    expect(await orders().aggregate([{ $sortByCount: "$cust" }, { $sort: { count: -1, _id: 1 } }]).toArray())
      .toEqual([{ _id: "c1", count: 2 }, { _id: "c2", count: 2 }, { _id: "c3", count: 1 }]);
    expect(await orders().aggregate([{ $match: { _id: 2 } }, { $replaceRoot: { newRoot: { c: "$cust", a: "$amount" } } }]).toArray())
      .toEqual([{ c: "c1", a: 30 }]);
  });

  it("expressions: $cond, $ifNull, $concat, $toUpper, and $lookup with let/pipeline", async () => {
    const out = await h.coll("customers").aggregate([
      { $match: { _id: "c2" } },
      { $lookup: { from: "orders", let: { c: "$_id" }, as: "big",
        pipeline: [{ $match: { $expr: { $and: [{ $eq: ["$cust", "$$c"] }, { $gte: ["$amount", 10] }] } } }, { $project: { _id: 1 } }] } },
      { $project: { _id: 0, label: { $concat: [{ $toUpper: "$name" }, "-", { $ifNull: ["$nick", "none"] }] },
        size: { $cond: [{ $gt: [{ $size: "$big" }, 0] }, "has-big", "small"] }, big: 1 } },
    ]).toArray();
    expect(out).toEqual([{ big: [{ _id: 4 }], label: "BO-none", size: "has-big" }]);
  });

  it("$facet runs sub-pipelines; $count, $skip and $limit", async () => {
    const [facets] = await orders().aggregate([
      { $facet: {
        byStatus: [{ $group: { _id: "$status", n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
        page: [{ $sort: { amount: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }],
        total: [{ $count: "n" }],
      } },
    ]).toArray();
    expect(facets).toEqual({
      byStatus: [{ _id: "open", n: 2 }, { _id: "paid", n: 3 }],
      page: [{ _id: 1 }, { _id: 4 }],
      total: [{ n: 5 }],
    });
  });
});
