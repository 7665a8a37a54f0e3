import { type Document } from "bson";
import { commandError } from "../errors.js";
import { Collection } from "./collection.js";
import { type IndexSpec } from "./index-spec.js";

/**
 * A logical operation. These are exactly what the journal records, so replaying them
 * in order reproduces the in-memory state deterministically.
 */
export type LogicalOp =
  | { op: "cc"; db: string; coll: string; options?: Document }
  | { op: "dc"; db: string; coll: string }
  | { op: "dd"; db: string }
  | { op: "ci"; db: string; coll: string; spec: IndexSpec }
  | { op: "di"; db: string; coll: string; name: string }
  /** collMod of an index: options that change no index entry. */
  | { op: "mi"; db: string; coll: string; name: string; hidden?: boolean; expireAfterSeconds?: number }
  | { op: "i"; db: string; coll: string; doc: Document }
  | { op: "u"; db: string; coll: string; doc: Document }
  | { op: "d"; db: string; coll: string; id: unknown };

/** All databases and collections in memory. */
export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>();

  collection(db: string, coll: string): Collection | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  collectionsOf(db: string): Map<string, Collection> {
    return this.dbs.get(db) ?? new Map<string, Collection>();
  }

  /** Applies an op to memory; throws (changing nothing) if it violates a constraint. */
  apply(op: LogicalOp): void {
    switch (op.op) {
      case "cc": {
        let colls = this.dbs.get(op.db);
        if (!colls) this.dbs.set(op.db, (colls = new Map<string, Collection>()));
        if (colls.has(op.coll)) throw commandError("NamespaceExists", `Collection ${op.db}.${op.coll} already exists.`);
        colls.set(op.coll, new Collection(op.db, op.coll, op.options ?? {}));
        return;
      }
      case "dc": {
        const colls = this.dbs.get(op.db);
        colls?.delete(op.coll);
        if (colls?.size === 0) this.dbs.delete(op.db);
        return;
      }
      case "dd":
        this.dbs.delete(op.db);
        return;
      case "ci":
        this.require(op.db, op.coll).addIndex(op.spec);
        return;
      case "di":
        this.require(op.db, op.coll).dropIndex(op.name);
        return;
      case "mi": {
        const index = this.require(op.db, op.coll).indexes.get(op.name);
        if (!index) throw commandError("IndexNotFound", `cannot find index ${op.name} for ns ${op.db}.${op.coll}`);
        if (op.hidden === true) index.spec.hidden = true;
        else if (op.hidden === false) delete index.spec.hidden;
        if (op.expireAfterSeconds !== undefined) index.spec.expireAfterSeconds = op.expireAfterSeconds;
        return;
      }
      case "i":
        this.require(op.db, op.coll).insert(op.doc);
        return;
      case "u":
        this.require(op.db, op.coll).replace(op.doc);
        return;
      case "d":
        this.require(op.db, op.coll).delete(op.id);
        return;
    }
  }

  private require(db: string, coll: string): Collection {
    const c = this.collection(db, coll);
    if (!c) throw commandError("NamespaceNotFound", `ns does not exist: ${db}.${coll}`);
    return c;
  }

  /** Every op needed to rebuild the current state (used for snapshots). */
  /** Documents across every collection (what a snapshot would hold). */
  documentCount(): number {
    let n = 0;
    for (const colls of this.dbs.values()) for (const coll of colls.values()) n += coll.docs.size;
    return n;
  }

  *dumpOps(): Generator<LogicalOp> {
    for (const [db, colls] of this.dbs) {
      for (const [name, coll] of colls) {
        yield { op: "cc", db, coll: name, options: coll.options };
        for (const index of coll.indexes.values()) yield { op: "ci", db, coll: name, spec: index.spec };
        for (const doc of coll.docs.values()) yield { op: "i", db, coll: name, doc };
      }
    }
  }
}
