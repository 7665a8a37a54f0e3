import { type Document, ObjectId } from "bson";
import { badValue } from "../errors.js";
import { withIdFirst } from "../engine/update-apply.js";
import { type CommandContext, ensureCollection, requireArray, targetCollection } from "./context.js";
import { type WriteError, assertDocument, checkBatch, finishWrite, isOrdered, toWriteError } from "./write-helpers.js";

/**
 * Checks a document about to be stored. `$`-prefixed top-level field names are accepted in
 * inserted documents (inserts and upserts that insert, as since MongoDB 5.0) and refused in
 * documents that replace or update an existing one.
 */
export function validateStoredDocument(doc: Document, inserting = true): void {
  if (Array.isArray(doc._id)) throw badValue("can't use an array for _id");
  if (doc._id instanceof RegExp) throw badValue("can't use a regex for _id");
  if (inserting) return;
  for (const key of Object.keys(doc)) {
    if (key.startsWith("$")) throw badValue(`Document can't have $ prefixed field names: ${key}`);
  }
}

export async function insertCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "insert");
  const docs = requireArray(ctx.body, "documents");
  checkBatch(docs, "documents");
  const ordered = isOrdered(ctx.body);
  const writeErrors: WriteError[] = [];
  let n = 0;
  ensureCollection(ctx, coll);
  for (let i = 0; i < docs.length; i++) {
    try {
      let doc = assertDocument(docs[i], "document to insert");
      doc = doc._id === undefined ? { _id: new ObjectId(), ...doc } : withIdFirst(doc);
      validateStoredDocument(doc);
      ctx.store.commit({ op: "i", db: ctx.db, coll, doc });
      n++;
    } catch (err) {
      writeErrors.push(toWriteError(i, err));
      if (ordered) break;
    }
  }
  return finishWrite(ctx, { n, ok: 1 }, writeErrors);
}
