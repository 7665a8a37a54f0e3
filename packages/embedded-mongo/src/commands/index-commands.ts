import { type Document } from "bson";
import { commandError } from "../errors.js";
import { type IndexSpec, normaliseIndexSpec, sameIndexOptions, sameKeyPattern } from "../engine/index-spec.js";
import { collationOf } from "../engine/collation.js";
import { type CommandContext, ensureCollection, requireArray, targetCollection } from "./context.js";

export async function createIndexesCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "createIndexes");
  const raws = requireArray(ctx.body, "indexes");
  const specs = raws.map(normaliseIndexSpec);
  if (specs.length === 0) throw commandError("BadValue", "Must specify at least one index to create");
  const createdCollectionAutomatically = !ctx.store.catalog.collection(ctx.db, coll);
  ensureCollection(ctx, coll);
  const collection = ctx.store.catalog.collection(ctx.db, coll);
  const before = (collection?.indexes.size ?? 0) + 1;
  let created = 0;
  try {
    const defaultCollation: unknown = collection?.options.collation;
    for (const [i, spec] of specs.entries()) {
      // An index without a collation of its own gets the collection's default, as in MongoDB.
      if (raws[i]?.collation === undefined && collationOf(defaultCollation) !== null) spec.collation = defaultCollation;
      if (!collection || isExisting(collection.indexSpecs(), spec)) continue;
      ctx.store.commit({ op: "ci", db: ctx.db, coll, spec });
      created++;
    }
  } finally {
    await ctx.store.durable();
  }
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: before + created, createdCollectionAutomatically, ok: 1 };
  if (created === 0) reply.note = "all indexes already exist";
  return reply;
}

/** True for an identical existing index; throws for a conflicting one. */
function isExisting(existing: IndexSpec[], spec: IndexSpec): boolean {
  for (const current of existing) {
    if (current.name === spec.name) {
      if (sameIndexOptions(current, spec)) return true;
      if (!sameKeyPattern(current, spec)) {
        throw commandError("IndexKeySpecsConflict", `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(current)}`);
      }
      throw commandError("IndexOptionsConflict", `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(current)}`);
    }
    if (sameKeyPattern(current, spec)) {
      if (current.name === "_id_") return true;
      // The same key under another collation is another index.
      if (JSON.stringify(current.collation ?? null) !== JSON.stringify(spec.collation ?? null)) continue;
      if (sameIndexOptions(current, spec)) {
        throw commandError("IndexOptionsConflict", `Index already exists with a different name: ${current.name}`);
      }
      throw commandError("IndexOptionsConflict", `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(current)}`);
    }
  }
  return false;
}

export function listIndexesCommand(ctx: CommandContext): Document {
  const coll = targetCollection(ctx, "listIndexes");
  const collection = ctx.store.catalog.collection(ctx.db, coll);
  if (!collection) throw commandError("NamespaceNotFound", `ns does not exist: ${ctx.db}.${coll}`);
  const batchSize = Number((ctx.body.cursor as Document | undefined)?.batchSize ?? 101);
  return ctx.cursors.firstBatch(`${ctx.db}.${coll}`, collection.indexSpecs()[Symbol.iterator](), batchSize);
}

export async function dropIndexesCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "dropIndexes");
  const collection = ctx.store.catalog.collection(ctx.db, coll);
  if (!collection) throw commandError("NamespaceNotFound", `ns not found ${ctx.db}.${coll}`);
  const nIndexesWas = collection.indexes.size + 1;
  const target: unknown = ctx.body.index;
  let names: string[];
  if (target === "*") names = [...collection.indexes.keys()];
  else if (typeof target === "string") names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (target && typeof target === "object") {
    const match = collection.indexSpecs().find((s) => JSON.stringify(s.key) === JSON.stringify(normaliseIndexSpec({ key: target }).key));
    if (!match) throw commandError("IndexNotFound", `can't find index with key: ${JSON.stringify(target)}`);
    names = [match.name];
  } else throw commandError("BadValue", "dropIndexes requires an 'index' field");
  for (const name of names) {
    if (name === "_id_") throw commandError("InvalidOptions", "cannot drop _id index");
    if (!collection.indexes.has(name)) throw commandError("IndexNotFound", `index not found with name [${name}]`);
  }
  for (const name of names) ctx.store.commit({ op: "di", db: ctx.db, coll, name });
  await ctx.store.durable();
  return { nIndexesWas, ok: 1 };
}
