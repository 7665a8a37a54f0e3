import { MongoClient, type MongoClientOptions } from "mongodb";

/** Short timeouts: a dead engine must fail fast, not after the driver's 30 s default. */
export const FAST_FAIL: MongoClientOptions = {
  serverSelectionTimeoutMS: 3000,
  connectTimeoutMS: 3000,
  socketTimeoutMS: 10_000,
  retryWrites: false,
  retryReads: false,
};

export async function withClient<T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, FAST_FAIL);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close(true);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
