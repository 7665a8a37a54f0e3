import { once } from "node:events";
import { finished } from "node:stream/promises";
import { Types } from "mongoose";
import { purchasesExportParams } from "@/contracts/jobs";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import { User } from "@/models/User";
import { forbidden } from "../../errors";
import { deleteFile, fileBucket, findFile } from "../files";
import { defineJob, JobFailure } from "../types";
import { formatPrice, purchasesCsvChunk, type PurchaseRow } from "./csv";

/** Purchases per cursor batch (one store round trip). */
const BATCH = 1000;
/** Purchases looked up, encoded and written together. */
const ROWS_PER_WRITE = 200;
const CONTENT_TYPE = "text/csv; charset=utf-8";
/** Progress is reported at least every this many percent. */
const STEP = 5;

/**
 * `purchases-export { from?, to? }` (admins): every purchase as CSV, read from a cursor, encoded by
 * csv-stringify 200 rows at a time and written into GridFS with backpressure. Memory stays flat whatever
 * the row count: one slice of purchases and their learners at a time, plus the course titles (a handful).
 */
export const purchasesExportJob = defineJob({
  kind: "purchases-export",
  params: purchasesExportParams,
  concurrency: 1,
  timeoutMs: 10 * 60_000,
  authorize(actor) {
    if (actor.role !== "admin") throw forbidden("only admins export purchases");
  },
  async run({ from, to }, ctx) {
    const filter: Record<string, unknown> = {};
    if (from || to) filter.createdAt = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lte: new Date(to) } : {}) };
    await ctx.progress(0, "counting purchases");
    const total = await Purchase.countDocuments(filter);
    const filename = `purchases-${new Date().toISOString().slice(0, 10)}.csv`;
    const upload = fileBucket().openUploadStream(filename, { metadata: { contentType: CONTENT_TYPE } });
    const fileId = new Types.ObjectId(upload.id.toString());
    // A failed chunk insert destroys the upload: it is checked before every write, and waits for the upload
    // end with the job's signal (a timeout or a stop), so neither a destroyed stream nor a stalled store hangs the run.
    upload.on("error", () => undefined);
    const titles = new Map<string, string>();
    // The driver's cursor, not mongoose's: no per-document casting, and store order (no sort for the store to hold).
    const cursor = Purchase.collection.find<PurchaseLean>(filter, {
      projection: { learner: 1, course: 1, priceCents: 1, currency: 1, createdAt: 1 },
      batchSize: BATCH,
    });
    let batch: PurchaseLean[] = [];
    let done = 0;
    let reported = 0;
    // Each batch is looked up, encoded and handed to the upload as bytes (off the JS heap) before the next is
    // read, so what is alive at any moment is one small batch: the garbage dies young and V8 does not grow the
    // young generation for it (production runs with a large maximum semi-space, chosen for realtime latency).
    const flush = async () => {
      const text = purchasesCsvChunk(await toRows(batch, titles), done === 0);
      done += batch.length;
      batch = [];
      if (upload.errored) throw upload.errored;
      if (!upload.write(Buffer.from(text, "utf8"))) await once(upload, "drain", { signal: ctx.signal });
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent - reported >= STEP) {
        reported = percent;
        await ctx.progress(Math.min(percent, 99), `exported ${done} of ${total} purchases`);
      }
    };
    try {
      for (let p = await cursor.next(); p !== null; p = await cursor.next()) {
        if (ctx.signal.aborted) throw new JobFailure(`stopped after ${done} of ${total} purchases`);
        batch.push(p);
        if (batch.length >= ROWS_PER_WRITE) await flush();
      }
      if (batch.length > 0 || done === 0) await flush();
      if (upload.errored) throw upload.errored;
      upload.end();
      await finished(upload, { signal: ctx.signal });
    } catch (e) {
      // No half file left in GridFS: its chunks go with it (and, when the upload had already ended, its file).
      await upload.abort().catch(() => deleteFile(fileId));
      throw e;
    } finally {
      await cursor.close().catch(() => undefined);
    }
    const file = await findFile(fileId);
    if (!file) throw new JobFailure("the export file could not be stored");
    return { fileId: file.id, data: { filename, contentType: CONTENT_TYPE, size: file.size } };
  },
});

interface PurchaseLean {
  _id: Types.ObjectId;
  learner: Types.ObjectId;
  course: Types.ObjectId;
  priceCents: number;
  currency: string;
  createdAt: Date;
}

/** One batch of purchases as CSV rows: its learners in one query, course titles cached. */
async function toRows(purchases: PurchaseLean[], titles: Map<string, string>): Promise<PurchaseRow[]> {
  const learnerIds = [...new Set(purchases.map((p) => p.learner.toString()))].map((id) => new Types.ObjectId(id));
  const users = await User.find({ _id: { $in: learnerIds } }, { name: 1, email: 1 }).lean();
  const byId = new Map(users.map((u) => [u._id.toString(), u]));
  const unknownCourses = [...new Set(purchases.map((p) => p.course.toString()))].filter((id) => !titles.has(id));
  if (unknownCourses.length > 0) {
    const courses = await Course.find({ _id: { $in: unknownCourses.map((id) => new Types.ObjectId(id)) } }, { title: 1 }).lean();
    for (const id of unknownCourses) titles.set(id, courses.find((c) => c._id.toString() === id)?.title ?? "(deleted course)");
  }
  return purchases.map((p) => {
    const user = byId.get(p.learner.toString());
    return {
      id: p._id.toString(),
      date: p.createdAt.toISOString(),
      learner: user?.name ?? "(deleted account)",
      email: user?.email ?? "",
      course: titles.get(p.course.toString()) ?? "",
      price: formatPrice(p.priceCents),
      currency: p.currency,
    };
  });
}
