import { describe, expect, it } from "vitest";
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, UUID } from "mongodb";
import { useDb } from "../support/target";

const h = useDb("types");

describe("BSON type fidelity", () => {
  it("round-trips every common type with its exact BSON type", async () => {
    const c = h.coll("all");
    const oid = new ObjectId();
    const when = new Date("2024-02-29T12:34:56.789Z");
    const uuid = new UUID();
    await c.insertOne({
      _id: oid, when, i32: new Int32(7), i64: Long.fromString("9007199254740993"), dbl: new Double(1),
      dec: Decimal128.fromString("1234.5678901234567890"), bin: new Binary(Buffer.from([0, 1, 2, 255])), uuid,
      ts: new Timestamp({ t: 1700000000, i: 3 }), nul: null, bool: false, str: "héllo", nested: { arr: [1, "two", { three: 3 }] },
    });
    const raw = await c.findOne({ _id: oid }, { promoteValues: false });
    expect(raw?.i32).toBeInstanceOf(Int32);
    expect(raw?.i64).toBeInstanceOf(Long);
    expect(raw?.dbl).toBeInstanceOf(Double);
    const doc = await c.findOne({ _id: oid }, { promoteLongs: false });
    expect(doc?._id).toEqual(oid);
    expect(doc?.when).toEqual(when);
    expect(doc?.i32).toBe(7);
    expect(String(doc?.i64)).toBe("9007199254740993");
    expect(doc?.i64).toBeInstanceOf(Long);
    expect(doc?.dbl).toBe(1);
    expect(doc?.dec).toBeInstanceOf(Decimal128);
    expect(String(doc?.dec)).toBe("1234.5678901234567890");
    expect(Buffer.from((doc?.bin as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((doc?.uuid as Binary).sub_type).toBe(4);
    expect((doc?.uuid as Binary).toUUID().toHexString()).toBe(uuid.toHexString());
    expect(doc?.ts).toEqual(new Timestamp({ t: 1700000000, i: 3 }));
    expect(doc).toMatchObject({ nul: null, bool: false, str: "héllo", nested: { arr: [1, "two", { three: 3 }] } });
    const big = await c.findOne({ _id: oid }, { useBigInt64: true });
    expect(big?.i64).toBe(9007199254740993n);
  });

  it("matches stored types with $type", async () => {
    const c = h.coll("all");
    for (const [type, field] of [["int", "i32"], ["long", "i64"], ["double", "dbl"], ["decimal", "dec"], ["date", "when"],
      ["binData", "bin"], ["timestamp", "ts"], ["objectId", "_id"], ["bool", "bool"]] as const) {
      expect(await c.countDocuments({ [field]: { $type: type } }), type).toBe(1);
    }
  });

  it("sorts and compares Decimal128 numerically", async () => {
    const c = h.coll("dec");
    await c.insertMany(["100", "9.5", "-1", "10.25"].map((s) => ({ v: Decimal128.fromString(s) })));
    const sorted = await c.find({}).sort({ v: 1 }).toArray();
    expect(sorted.map((d) => String(d.v))).toEqual(["-1", "9.5", "10.25", "100"]);
    const gt = await c.find({ v: { $gt: Decimal128.fromString("10") } }).sort({ v: 1 }).toArray();
    expect(gt.map((d) => String(d.v))).toEqual(["10.25", "100"]);
    expect(await c.countDocuments({ v: { $lt: 10 } })).toBe(2);
  });

  it("compares mixed numeric types by value", async () => {
    const c = h.coll("mixed");
    await c.insertMany([
      { _id: "i", v: new Int32(5) }, { _id: "l", v: Long.fromNumber(7) }, { _id: "d", v: new Double(6.5) },
      { _id: "m", v: Decimal128.fromString("5.5") },
    ]);
    const sorted = await c.find({}).sort({ v: 1 }).toArray();
    expect(sorted.map((d) => d._id)).toEqual(["i", "m", "d", "l"]);
    expect((await c.find({ v: { $gt: 6 } }).sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual(["d", "l"]);
    expect((await c.findOne({ v: 7 }))?._id).toBe("l");
    expect((await c.findOne({ v: Long.fromNumber(5) }))?._id).toBe("i");
    expect((await c.findOne({ v: Decimal128.fromString("6.5") }))?._id).toBe("d");
  });

  it("distinguishes null from missing", async () => {
    const c = h.coll("nulls");
    await c.insertMany([{ _id: 1, a: null }, { _id: 2 }, { _id: 3, a: 0 }]);
    const ids = async (f: object) => (await c.find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ a: null })).toEqual([1, 2]);
    expect(await ids({ a: { $exists: false } })).toEqual([2]);
    expect(await ids({ a: { $type: "null" } })).toEqual([1]);
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2 });
  });

  it("keeps field order and puts _id first", async () => {
    const c = h.coll("order");
    await c.insertOne({ z: 1, a: 2, _id: 9, m: { y: 1, b: 2 } });
    const doc = await c.findOne({ _id: 9 });
    expect(Object.keys(doc ?? {})).toEqual(["_id", "z", "a", "m"]);
    expect(Object.keys(doc?.m ?? {})).toEqual(["y", "b"]);
  });

  it("stores a 1 MB string and dates before 1970", async () => {
    const c = h.coll("big");
    const s = "x".repeat(1024 * 1024);
    const old = new Date("1901-01-01T00:00:00Z");
    await c.insertOne({ _id: 1, s, old });
    const doc = await c.findOne({ _id: 1 });
    expect((doc?.s as string).length).toBe(s.length);
    expect(doc?.old).toEqual(old);
  });
});
