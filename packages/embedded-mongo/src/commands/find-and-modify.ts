import { type Document } from "bson";
import { badValue } from "../errors.js";
import { compileQuery } from "../engine/mingo-context.js";
import { projectDocs } from "../engine/projection.js";
import { matchingDocs } from "../engine/query-exec.js";
import { validateUpdate } from "../engine/update-apply.js";
import { type CommandContext, optionalDocument, targetCollection } from "./context.js";
import { runUpdate } from "./update-engine.js";
import { refuseTransactions } from "./write-helpers.js";

function project(doc: Document | undefined, projection: Document | undefined, filter: Document): Document | null {
  if (!doc) return null;
  if (!projection || Object.keys(projection).length === 0) return doc;
  const [out] = [...projectDocs([doc], projection, compileQuery(filter))];
  return out ?? null;
}

export async function findAndModifyCommand(ctx: CommandContext): Promise<Document> {
  refuseTransactions(ctx.body);
  const coll = targetCollection(ctx, Object.keys(ctx.body)[0] ?? "findAndModify");
  const b = ctx.body;
  const filter = optionalDocument(b, "query") ?? {};
  const sort = optionalDocument(b, "sort");
  const projection = optionalDocument(b, "fields") ?? optionalDocument(b, "projection");
  const remove = b.remove === true;
  if (remove && b.update !== undefined) badValueThrow("Cannot specify both an update and remove=true");
  if (remove && b.upsert === true) badValueThrow("Cannot specify both upsert=true and remove=true");
  if (!remove && b.update === undefined) badValueThrow("Either an update or remove=true must be specified");

  if (remove) {
    const collection = ctx.store.catalog.collection(ctx.db, coll);
    const [doc] = matchingDocs(collection, filter, { sort, limit: 1, hint: b.hint ?? undefined, collation: b.collation ?? undefined });
    if (doc) ctx.store.commit({ op: "d", db: ctx.db, coll, id: doc._id });
    await ctx.store.durable();
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc, projection, filter), ok: 1 };
  }

  const outcome = runUpdate(ctx, coll, {
    filter,
    update: validateUpdate(b.update),
    multi: false,
    upsert: b.upsert === true,
    arrayFilters: Array.isArray(b.arrayFilters) ? (b.arrayFilters as Document[]) : undefined,
    sort,
    hint: b.hint ?? undefined,
    collation: b.collation ?? undefined,
  });
  await ctx.store.durable();
  const upserted = outcome.upsertedId !== undefined;
  const lastErrorObject: Document = { n: upserted || outcome.matched > 0 ? 1 : 0, updatedExisting: outcome.matched > 0 };
  if (upserted) lastErrorObject.upserted = outcome.upsertedId;
  const value = b.new === true ? outcome.after : upserted ? undefined : outcome.before;
  return { lastErrorObject, value: project(value, projection, filter), ok: 1 };
}

function badValueThrow(message: string): never {
  throw badValue(message);
}
