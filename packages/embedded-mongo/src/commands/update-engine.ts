import { type Document, ObjectId } from "bson";
import { matchingDocs } from "../engine/query-exec.js";
import { type UpdateSpec, applyUpdate, isOperatorUpdate, withIdFirst } from "../engine/update-apply.js";
import { upsertSeed } from "../engine/upsert-seed.js";
import { encodeDocument } from "../wire/bson-codec.js";
import { type CommandContext, ensureCollection } from "./context.js";
import { validateStoredDocument } from "./insert-command.js";

export interface UpdateRequest {
  filter: Document;
  update: UpdateSpec;
  multi: boolean;
  upsert: boolean;
  arrayFilters?: Document[];
  sort?: Document;
  hint?: unknown;
  collation?: unknown;
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** For single-document updates: the document before and after. */
  before?: Document;
  after?: Document;
}

function sameBson(a: Document, b: Document): boolean {
  return encodeDocument(a).equals(encodeDocument(b));
}

/** Executes one update statement; each document write is all-or-nothing. */
export function runUpdate(ctx: CommandContext, coll: string, req: UpdateRequest): UpdateOutcome {
  const collection = ctx.store.catalog.collection(ctx.db, coll);
  const targets = matchingDocs(collection, req.filter, { sort: req.sort, limit: req.multi ? 0 : 1, hint: req.hint, collation: req.collation });
  if (targets.length === 0) {
    if (!req.upsert) return { matched: 0, modified: 0 };
    return upsertInsert(ctx, coll, req);
  }
  const outcome: UpdateOutcome = { matched: 0, modified: 0 };
  for (const target of targets) {
    const applied = applyUpdate(target, req.update, { filter: req.filter, arrayFilters: req.arrayFilters, inserting: false });
    outcome.matched++;
    if (!req.multi) outcome.before = target;
    if (applied.modified && !sameBson(target, applied.doc)) {
      validateStoredDocument(applied.doc, false);
      ctx.store.commit({ op: "u", db: ctx.db, coll, doc: applied.doc });
      outcome.modified++;
      if (!req.multi) outcome.after = applied.doc;
    } else if (!req.multi) {
      outcome.after = target;
    }
  }
  return outcome;
}

function upsertInsert(ctx: CommandContext, coll: string, req: UpdateRequest): UpdateOutcome {
  const seed = upsertSeed(req.filter);
  let doc: Document;
  if (!Array.isArray(req.update) && !isOperatorUpdate(req.update)) {
    const replacement = req.update;
    const id: unknown = replacement._id ?? seed._id ?? new ObjectId();
    doc = withIdFirst({ ...replacement, _id: id });
  } else {
    doc = applyUpdate(seed, req.update, { filter: req.filter, arrayFilters: req.arrayFilters, inserting: true }).doc;
  }
  if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
  validateStoredDocument(doc);
  ensureCollection(ctx, coll);
  ctx.store.commit({ op: "i", db: ctx.db, coll, doc });
  return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
}
