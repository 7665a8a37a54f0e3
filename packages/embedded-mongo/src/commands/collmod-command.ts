import { type Document } from "bson";
import { badValue, commandError, notSupported } from "../errors.js";
import { type IndexSpec, normaliseIndexSpec } from "../engine/index-spec.js";
import { type CommandContext, targetCollection } from "./context.js";

/** Command fields every command may carry (session, write concern, API version, ...), not collMod options. */
const GENERIC_FIELDS = new Set(["collMod", "lsid", "txnNumber", "writeConcern", "comment", "maxTimeMS", "apiVersion", "apiStrict", "apiDeprecationErrors"]);
const MAX_EXPIRE_AFTER_SECONDS = 2_147_483_647;

/**
 * `collMod` with `index: { name | keyPattern, hidden?, expireAfterSeconds? }`: hides or unhides an
 * index, changes a TTL index's expiry or makes a single-field index a TTL index. Journaled as one
 * op. Other collMod options (validators, views, time series, ...) are refused as not supported.
 */
export async function collModCommand(ctx: CommandContext): Promise<Document> {
  const name = targetCollection(ctx, "collMod");
  for (const key of Object.keys(ctx.body)) {
    if (key !== "index" && !GENERIC_FIELDS.has(key) && !key.startsWith("$")) throw notSupported(`collMod option '${key}'`);
  }
  const coll = ctx.store.catalog.collection(ctx.db, name);
  if (!coll) throw commandError("NamespaceNotFound", `ns does not exist: ${ctx.db}.${name}`);
  const raw: unknown = ctx.body.index;
  if (raw === undefined) return { ok: 1 };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw commandError("TypeMismatch", "collMod: 'index' must be an object");
  const opts = raw as Document;
  for (const key of Object.keys(opts)) {
    if (!["name", "keyPattern", "hidden", "expireAfterSeconds"].includes(key)) throw notSupported(`collMod index option '${key}'`);
  }
  const specs = coll.indexSpecs();
  let spec: IndexSpec | undefined;
  if (typeof opts.name === "string" && opts.keyPattern === undefined) spec = specs.find((s) => s.name === opts.name);
  else if (opts.keyPattern && typeof opts.keyPattern === "object" && opts.name === undefined) {
    const key = JSON.stringify(normaliseIndexSpec({ key: opts.keyPattern as Document }).key);
    const found = specs.filter((s) => JSON.stringify(s.key) === key);
    if (found.length > 1) throw commandError("AmbiguousIndexKeyPattern", `${found.length} indexes found for key: ${key}, identify by name instead`);
    spec = found[0];
  } else throw badValue("collMod: index must name exactly one of 'name' (a string) or 'keyPattern' (an object)");
  if (!spec) throw commandError("IndexNotFound", `cannot find index ${JSON.stringify(opts.name ?? opts.keyPattern)} for ns ${ctx.db}.${name}`);
  const hidden: unknown = opts.hidden;
  const expireAfterSeconds: unknown = opts.expireAfterSeconds;
  if (hidden === undefined && expireAfterSeconds === undefined) throw commandError("InvalidOptions", "no expireAfterSeconds or hidden field");
  if (hidden !== undefined && typeof hidden !== "boolean") throw commandError("TypeMismatch", "collMod: 'hidden' must be a boolean");
  if (hidden !== undefined && spec.name === "_id_") throw badValue("can't hide _id index");
  let seconds: number | undefined;
  if (expireAfterSeconds !== undefined) {
    seconds = typeof expireAfterSeconds === "number" ? expireAfterSeconds : NaN;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_EXPIRE_AFTER_SECONDS) {
      throw commandError("InvalidOptions", `TTL index 'expireAfterSeconds' option must be within an acceptable range [0, ${MAX_EXPIRE_AFTER_SECONDS}], found ${String(seconds)}`);
    }
    if (spec.name === "_id_" || Object.keys(spec.key).length !== 1 || spec.key._fts !== undefined) {
      throw commandError("InvalidOptions", "TTL indexes are single-field indexes, compound indexes do not support TTL");
    }
  }
  const reply: Document = { ok: 1 };
  if (hidden !== undefined && hidden !== (spec.hidden === true)) {
    reply.hidden_old = spec.hidden === true;
    reply.hidden_new = hidden;
  }
  if (seconds !== undefined && seconds !== spec.expireAfterSeconds) {
    if (spec.expireAfterSeconds !== undefined) reply.expireAfterSeconds_old = spec.expireAfterSeconds;
    reply.expireAfterSeconds_new = seconds;
  }
  if (Object.keys(reply).length > 1) {
    ctx.store.commit({ op: "mi", db: ctx.db, coll: name, name: spec.name, ...(hidden === undefined ? {} : { hidden }), ...(seconds === undefined ? {} : { expireAfterSeconds: seconds }) });
    await ctx.store.durable();
  }
  return reply;
}
