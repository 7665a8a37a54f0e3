import { type Document } from "bson";
import { badValue } from "../errors.js";
import { matchingDocs } from "../engine/query-exec.js";
import { type CommandContext, requireArray, targetCollection } from "./context.js";
import { type WriteError, assertDocument, checkBatch, finishWrite, isOrdered, toWriteError } from "./write-helpers.js";

export async function deleteCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "delete");
  const statements = requireArray(ctx.body, "deletes");
  checkBatch(statements, "deletes");
  const ordered = isOrdered(ctx.body);
  const writeErrors: WriteError[] = [];
  let n = 0;
  for (let i = 0; i < statements.length; i++) {
    try {
      const s = assertDocument(statements[i], "delete statement");
      const limit = Number(s.limit ?? 0);
      if (limit !== 0 && limit !== 1) throw badValue(`The limit field in delete objects must be 0 or 1. Got ${limit}`);
      const collection = ctx.store.catalog.collection(ctx.db, coll);
      const filter = s.q === undefined ? {} : assertDocument(s.q, "q");
      for (const doc of matchingDocs(collection, filter, { limit, hint: s.hint ?? undefined, collation: s.collation ?? undefined })) {
        ctx.store.commit({ op: "d", db: ctx.db, coll, id: doc._id });
        n++;
      }
    } catch (err) {
      writeErrors.push(toWriteError(i, err));
      if (ordered) break;
    }
  }
  return finishWrite(ctx, { n, ok: 1 }, writeErrors);
}
