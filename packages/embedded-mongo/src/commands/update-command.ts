import { type Document } from "bson";
import { validateUpdate } from "../engine/update-apply.js";
import { type CommandContext, requireArray, targetCollection } from "./context.js";
import { runUpdate } from "./update-engine.js";
import { type WriteError, assertDocument, checkBatch, finishWrite, isOrdered, toWriteError } from "./write-helpers.js";

export async function updateCommand(ctx: CommandContext): Promise<Document> {
  const coll = targetCollection(ctx, "update");
  const statements = requireArray(ctx.body, "updates");
  checkBatch(statements, "updates");
  const ordered = isOrdered(ctx.body);
  const writeErrors: WriteError[] = [];
  const upserted: { index: number; _id: unknown }[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < statements.length; i++) {
    try {
      const s = assertDocument(statements[i], "update statement");
      const outcome = runUpdate(ctx, coll, {
        filter: s.q === undefined ? {} : assertDocument(s.q, "q"),
        update: validateUpdate(s.u),
        multi: s.multi === true,
        upsert: s.upsert === true,
        arrayFilters: Array.isArray(s.arrayFilters) ? (s.arrayFilters as Document[]) : undefined,
        sort: s.sort && typeof s.sort === "object" ? (s.sort as Document) : undefined,
        hint: s.hint ?? undefined,
        collation: s.collation ?? undefined,
      });
      if (outcome.upsertedId !== undefined) {
        upserted.push({ index: i, _id: outcome.upsertedId });
        n += 1;
      } else {
        n += outcome.matched;
        nModified += outcome.modified;
      }
    } catch (err) {
      writeErrors.push(toWriteError(i, err));
      if (ordered) break;
    }
  }
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return finishWrite(ctx, reply, writeErrors);
}
