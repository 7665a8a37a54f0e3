/**
 * The bench's data, written by a child process of its own (bench/jobs/run.ts forks it): ROWS purchases by
 * ROWS / courses learners, inserted straight into the store. Kept out of the server's process so the
 * inserts neither warm the server's heap (a young generation already grown by them would hide what the
 * export itself costs) nor leave their garbage in the RSS baseline.
 * Input (env): BENCH_SEED = JSON { uri, dbName, auth: { username, password, authSource }, rows }.
 */
import { MongoClient, ObjectId } from "mongodb";

interface SeedInput {
  uri: string;
  dbName: string;
  auth: { username: string; password: string; authSource: string };
  rows: number;
}

async function seed(input: SeedInput): Promise<number> {
  const client = new MongoClient(input.uri, {
    auth: { username: input.auth.username, password: input.auth.password },
    authSource: input.auth.authSource,
    authMechanism: "SCRAM-SHA-256",
  });
  await client.connect();
  try {
    const db = client.db(input.dbName);
    const courses = await db.collection("courses").find({}, { projection: { _id: 1, priceCents: 1 } }).toArray();
    if (courses.length === 0) throw new Error("no courses: the server has not seeded the store");
    const learners = Math.ceil(input.rows / courses.length);
    for (let i = 0; i < learners; i += 5000) {
      const users = Array.from({ length: Math.min(5000, learners - i) }, (_, k) => ({
        _id: new ObjectId(), name: `Bench Learner ${i + k}`, email: `bench-${i + k}@example.test`,
        passwordHash: "x", role: "learner", lastSeenAt: null, createdAt: new Date(), updatedAt: new Date(),
      }));
      await db.collection("users").insertMany(users, { ordered: false });
      const purchases = users.flatMap((u) => courses.map((c) => ({
        learner: u._id, course: c._id, priceCents: c.priceCents as number, currency: "USD", createdAt: new Date(), updatedAt: new Date(),
      }))).slice(0, Math.max(0, input.rows - i * courses.length));
      await db.collection("purchases").insertMany(purchases, { ordered: false });
    }
    return await db.collection("purchases").countDocuments();
  } finally {
    await client.close();
  }
}

seed(JSON.parse(process.env.BENCH_SEED ?? "{}") as SeedInput).then((total) => {
  process.send?.({ total });
  process.exit(0);
}, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
