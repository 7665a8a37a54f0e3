import type { Types } from "mongoose";
import { Course } from "@/models/Course";
import { Notification } from "@/models/Notification";
import { Purchase } from "@/models/Purchase";
import { RefreshToken } from "@/models/RefreshToken";
import { User } from "@/models/User";
import { hashPassword } from "../auth/password";
import { DEMO_PASSWORD, demoCourses, demoUsers } from "./demo-data";

/** First start: seed only when there are no users at all. Returns whether it seeded. */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await User.countDocuments({})) > 0) return false;
  await insertDemoData();
  return true;
}

/** `npm run seed`: wipes this app's collections and recreates the demo data. */
export async function reseed(): Promise<void> {
  await Promise.all([
    User.deleteMany({}),
    Course.deleteMany({}),
    Purchase.deleteMany({}),
    Notification.deleteMany({}),
    RefreshToken.deleteMany({}),
  ]);
  await insertDemoData();
}

async function insertDemoData(): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, Types.ObjectId>();
  for (const u of demoUsers) {
    const doc = await User.create({ name: u.name, email: u.email, role: u.role, passwordHash });
    ids.set(u.key, doc._id);
  }
  const instructor = must(ids.get("instructor"));
  const courses = [];
  for (const [i, c] of demoCourses.entries()) {
    const created = await Course.create({
      ...c,
      currency: "USD",
      instructor,
      // Distinct, ordered creation times keep the catalog order stable.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose's NativeDate is Date
      createdAt: new Date(Date.now() - (demoCourses.length - i) * 60_000),
      lessons: c.lessons.map((l, position) => ({ ...l, position })),
      ratingSum: [9, 14, 5, 0][i] ?? 0,
      reviewsCount: [2, 3, 1, 0][i] ?? 0,
    });
    courses.push(created);
  }
  const owned = must(courses[1]);
  // learner2 already owns a course, so "My courses" is not empty for them.
  await Purchase.create({ learner: must(ids.get("learner2")), course: owned._id, priceCents: owned.priceCents, currency: "USD" });
  const admin = must(ids.get("admin"));
  await Notification.insertMany([
    { recipient: admin, type: "announcement", title: "Welcome to LearnLive", message: "This is the admin notification center. Purchases show up here as they happen.", link: "/admin", status: "read" },
    { recipient: admin, type: "course_purchased", title: "New purchase", message: `Leo Learner bought "${owned.title}"`, link: "/admin", status: "unread" },
    { recipient: instructor, type: "course_purchased", title: "New purchase", message: `Leo Learner bought "${owned.title}"`, link: `/courses/${owned._id.toString()}`, status: "unread" },
  ]);
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error("demo data is inconsistent");
  return v;
}
