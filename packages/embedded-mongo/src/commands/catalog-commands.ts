import { type Document, Long } from "bson";
import { commandError, notSupported } from "../errors.js";
import { compileQuery } from "../engine/mingo-context.js";
import { collationOf } from "../engine/collation.js";
import { type CommandContext, optionalDocument, targetCollection } from "./context.js";

const CREATE_OPTIONS = new Set(["create", "capped", "size", "max", "validator", "validationLevel", "validationAction", "collation", "writeConcern", "lsid", "$db", "$clusterTime", "$readPreference", "txnNumber", "autoIndexId", "comment", "apiVersion", "apiStrict", "apiDeprecationErrors"]);

export async function createCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "create");
  for (const key of Object.keys(ctx.body)) {
    if (!CREATE_OPTIONS.has(key)) throw notSupported(`create option '${key}'`);
  }
  // `capped` is read as a boolean the way mongod reads it: `true` or any non-zero number.
  const cappedOpt: unknown = ctx.body.capped;
  const capped = cappedOpt === true || (typeof cappedOpt === "number" && cappedOpt !== 0);
  if (capped && ctx.body.size === undefined) throw commandError("InvalidOptions", "the 'size' field is required when 'capped' is true");
  if (capped) throw notSupported("capped collections");
  if (ctx.body.viewOn !== undefined) throw notSupported("views");
  const options: Document = {};
  if (ctx.body.validator !== undefined) options.validator = ctx.body.validator as unknown;
  // The collection's default collation (validated here: an unsupported one is refused, not ignored).
  if (ctx.body.collation !== undefined && collationOf(ctx.body.collation) !== null) options.collation = ctx.body.collation as unknown;
  ctx.store.commit({ op: "cc", db: ctx.db, coll, options });
  await ctx.store.durable();
  return { ok: 1 };
}

export async function dropCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "drop");
  const existing = ctx.store.catalog.collection(ctx.db, coll);
  if (!existing) return { ok: 1 };
  const nIndexesWas = existing.indexes.size + 1;
  ctx.store.commit({ op: "dc", db: ctx.db, coll });
  await ctx.store.durable();
  return { nIndexesWas, ns: `${ctx.db}.${coll}`, ok: 1 };
}

export async function dropDatabaseCommand(ctx: CommandContext): Promise<Document> {
  if (ctx.store.catalog.dbs.has(ctx.db)) {
    ctx.store.commit({ op: "dd", db: ctx.db });
    await ctx.store.durable();
  }
  return { dropped: ctx.db, ok: 1 };
}

export function listCollectionsCommand(ctx: CommandContext): Document {
  const filter = optionalDocument(ctx.body, "filter") ?? {};
  const nameOnly = ctx.body.nameOnly === true;
  const entries: Document[] = [];
  for (const [name, coll] of ctx.store.catalog.collectionsOf(ctx.db)) {
    entries.push(
      nameOnly
        ? { name, type: "collection" }
        : { name, type: "collection", options: coll.options, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: "_id_" } },
    );
  }
  const query = compileQuery(filter);
  const matched = entries.filter((e) => query.test(e));
  const batchSize = Number((ctx.body.cursor as Document | undefined)?.batchSize ?? 101);
  return ctx.cursors.firstBatch(`${ctx.db}.$cmd.listCollections`, matched[Symbol.iterator](), batchSize);
}

export function listDatabasesCommand(ctx: CommandContext): Document {
  const filter = optionalDocument(ctx.body, "filter") ?? {};
  const query = compileQuery(filter);
  const databases: Document[] = [];
  for (const [name, colls] of ctx.store.catalog.dbs) {
    let docs = 0;
    for (const c of colls.values()) docs += c.docs.size;
    const entry = { name, sizeOnDisk: docs * 100, empty: docs === 0 };
    if (query.test(entry)) databases.push(ctx.body.nameOnly === true ? { name } : entry);
  }
  const totalSize = databases.reduce((sum, d) => sum + Number(d.sizeOnDisk ?? 0), 0);
  return { databases, totalSize, totalSizeMb: Long.fromNumber(Math.round(totalSize / 1e6)), ok: 1 };
}

export function collStatsCommand(ctx: CommandContext): Document {
  const coll = targetCollection(ctx, Object.keys(ctx.body)[0] ?? "collStats");
  const c = ctx.store.catalog.collection(ctx.db, coll);
  if (!c) throw commandError("NamespaceNotFound", `Collection [${ctx.db}.${coll}] not found.`);
  return { ns: c.ns, count: c.docs.size, nindexes: c.indexes.size + 1, ok: 1 };
}

export function dbStatsCommand(ctx: CommandContext): Document {
  let objects = 0;
  let indexes = 0;
  const colls = ctx.store.catalog.collectionsOf(ctx.db);
  for (const c of colls.values()) {
    objects += c.docs.size;
    indexes += c.indexes.size + 1;
  }
  return { db: ctx.db, collections: colls.size, views: 0, objects, avgObjSize: 0, dataSize: 0, storageSize: 0, indexes, indexSize: 0, ok: 1 };
}
