import { afterAll, beforeAll, it } from "vitest";
import { type Collection, type Db, MongoClient, type ObjectId } from "mongodb";
import { startEmbeddedMongo } from "../../src/index";
import { makeTempDir, removeDir } from "./tmp";

/**
 * Where the conformance suite runs: a real mongod when MONGODB_TEST_URI is set
 * (each file gets its own database, dropped afterwards), otherwise a fresh embedded
 * engine on a temporary dbPath. The same assertions therefore check fidelity.
 */
export interface Target {
  uri: string;
  dbName: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function startTarget(label: string): Promise<Target> {
  const dbName = `t_${label}_${process.pid.toString(36)}${Date.now().toString(36)}`;
  const external = process.env.MONGODB_TEST_URI;
  if (external) {
    return {
      uri: external,
      dbName,
      embedded: false,
      async close() {
        const client = new MongoClient(external);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  }
  const dir = await makeTempDir(label);
  try {
    // Engine logs are noise in test output unless asked for (EMBEDDED_MONGO_LOG=1).
    const logger = process.env.EMBEDDED_MONGO_LOG ? (line: string) => { process.stderr.write(`${line}\n`); } : () => undefined;
    const engine = await startEmbeddedMongo({ dbPath: dir, logger });
    return {
      uri: engine.uri,
      dbName,
      embedded: true,
      async close() {
        try {
          await engine.stop();
        } finally {
          await removeDir(dir);
        }
      },
    };
  } catch (err) {
    await removeDir(dir);
    throw err;
  }
}

/** A schemaless document whose _id may be anything (the driver's default types _id as ObjectId). */
export interface Loose { _id?: ObjectId | string | number; [field: string]: unknown }

export interface DbHandle {
  readonly target: Target;
  readonly client: MongoClient;
  readonly db: Db;
  coll(name: string): Collection<Loose>;
}

/** Registers beforeAll/afterAll that open a target and a driver client for the file. */
export function useDb(label: string): DbHandle {
  let target: Target | undefined;
  let client: MongoClient | undefined;
  beforeAll(async () => {
    target = await startTarget(label);
    client = new MongoClient(target.uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await target?.close();
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} not ready (beforeAll failed?)`);
    return v;
  };
  return {
    get target() { return need(target, "target"); },
    get client() { return need(client, "client"); },
    get db() { return need(client, "client").db(need(target, "target").dbName); },
    coll(name) { return need(client, "client").db(need(target, "target").dbName).collection<Loose>(name); },
  };
}

/**
 * A difference of the embedded engine documented in the README ("Known differences"). On the
 * engine the test is expected to fail (so a fix is noticed and the marker removed); against a
 * real mongod (MONGODB_TEST_URI) it runs as a normal test and must pass.
 */
export const differs = process.env.MONGODB_TEST_URI ? it : it.fails;
