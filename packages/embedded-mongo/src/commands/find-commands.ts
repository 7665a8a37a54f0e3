import { type Document, Long } from "bson";
import { commandError, notSupported } from "../errors.js";
import { countMatches, findAll, findIterator } from "../engine/query-exec.js";
import { valuesAtPath } from "../engine/paths.js";
import { encodeKey } from "../engine/key-encoding.js";
import { type CommandContext, optionalDocument, optionalNumber, targetCollection } from "./context.js";

const DEFAULT_FIRST_BATCH = 101;

export function findCommand(ctx: CommandContext): Document {
  const name = targetCollection(ctx, "find");
  const b = ctx.body;
  if (b.tailable === true || b.awaitData === true) throw notSupported("tailable cursors");
  const filter = optionalDocument(b, "filter") ?? {};
  const limitRaw = optionalNumber(b, "limit", 0);
  const singleBatch = b.singleBatch === true || limitRaw < 0;
  const limit = Math.abs(limitRaw);
  const skip = optionalNumber(b, "skip", 0);
  if (skip < 0) throw commandError("BadValue", "skip value must be non-negative");
  const coll = ctx.store.catalog.collection(ctx.db, name);
  const iterator = findIterator(coll, filter, {
    sort: optionalDocument(b, "sort"),
    projection: optionalDocument(b, "projection"),
    skip,
    limit,
    hint: b.hint ?? undefined,
    collation: b.collation ?? undefined,
  });
  const explicitBatch = b.batchSize !== undefined && b.batchSize !== null;
  let batchSize = optionalNumber(b, "batchSize", singleBatch ? 0 : DEFAULT_FIRST_BATCH);
  if (batchSize < 0) throw commandError("BadValue", "batchSize value must be non-negative");
  if (limit > 0 && (batchSize > limit || (batchSize === 0 && !explicitBatch))) batchSize = limit;
  return ctx.cursors.firstBatch(`${ctx.db}.${name}`, iterator, batchSize, singleBatch);
}

export function getMoreCommand(ctx: CommandContext): Document {
  const raw: unknown = ctx.body.getMore;
  const id = raw instanceof Long ? raw.toString() : typeof raw === "number" ? String(raw) : "";
  const result = ctx.cursors.getMore(id, optionalNumber(ctx.body, "batchSize", 0));
  if (!result) throw commandError("CursorNotFound", `cursor id ${id} not found`);
  return { cursor: { nextBatch: result.docs, id: result.id, ns: result.ns }, ok: 1 };
}

export function killCursorsCommand(ctx: CommandContext): Document {
  const ids = Array.isArray(ctx.body.cursors) ? (ctx.body.cursors as unknown[]) : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const long = raw instanceof Long ? raw : Long.fromNumber(Number(raw));
    (ctx.cursors.kill(long.toString()) ? killed : notFound).push(long);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

export function countCommand(ctx: CommandContext): Document {
  const name = targetCollection(ctx, "count");
  const coll = ctx.store.catalog.collection(ctx.db, name);
  const filter = optionalDocument(ctx.body, "query") ?? {};
  const skip = optionalNumber(ctx.body, "skip", 0);
  const limit = Math.abs(optionalNumber(ctx.body, "limit", 0));
  let n = Math.max(0, countMatches(coll, filter, ctx.body.hint ?? undefined, ctx.body.collation ?? undefined) - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
}

export function distinctCommand(ctx: CommandContext): Document {
  const name = targetCollection(ctx, "distinct");
  const key: unknown = ctx.body.key;
  if (typeof key !== "string") throw commandError("TypeMismatch", "The 'key' field must be a string");
  const coll = ctx.store.catalog.collection(ctx.db, name);
  const docs = findAll(coll, optionalDocument(ctx.body, "query") ?? {}, { collation: ctx.body.collation ?? undefined });
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of valuesAtPath(doc, key)) {
      if (v === undefined) continue;
      const k = encodeKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}
