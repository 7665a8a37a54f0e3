/**
 * `npm run seed`: wipes this app's collections and recreates the demo data (SPEC "Demo data").
 * Uses MONGODB_URI when set, else starts the embedded engine on DATA_DIR (default ./.data) itself;
 * stop `npm run dev` first when it uses the same DATA_DIR.
 */
import path from "node:path";
import { connectDb } from "@/server/db/connect";
import { reseed } from "@/server/seed/seed";
import { DEMO_PASSWORD, demoUsers } from "@/server/seed/demo-data";

const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const db = await connectDb({ dataDir, mongodbUri: process.env.MONGODB_URI });
try {
  await reseed();
  console.log(`[seed] demo data recreated (${db.kind} store). Accounts, password "${DEMO_PASSWORD}":`);
  for (const u of demoUsers) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
} finally {
  await db.close();
}
