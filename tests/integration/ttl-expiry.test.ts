import mongoose, { Types } from "mongoose";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Notification } from "@/models/Notification";
import { RefreshToken } from "@/models/RefreshToken";
import { startTestServer, type TestServer } from "./support/harness";

/**
 * The app's TTL indexes, deleted by the store's TTL monitor (woken every second here with
 * setParameter ttlMonitorSleepSecs, as one could on mongod): read notifications 30 days after their
 * last change, refresh-token rows a day after their token expired.
 */
let current: TestServer | null = null;
afterAll(async () => {
  await current?.stop();
});

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe("rows that expire by TTL index", () => {
  it("old read notifications and long-expired refresh tokens are deleted; the rest stay", async () => {
    current = await startTestServer();
    const admin = mongoose.connection.db?.admin();
    if (!admin) throw new Error("not connected");
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });

    const recipient = new Types.ObjectId();
    const notice = (status: "read" | "unread", changed: Date) => ({
      _id: new Types.ObjectId(), recipient, title: "t", message: "m", type: "announcement", link: null, status,
      createdAt: changed, updatedAt: changed, __v: 0,
    });
    const oldRead = notice("read", ago(31 * DAY));
    const recentRead = notice("read", ago(DAY));
    const oldUnread = notice("unread", ago(60 * DAY));
    await Notification.collection.insertMany([oldRead, recentRead, oldUnread]);

    const user = new Types.ObjectId();
    const token = (name: string, expiresAt: Date) => ({
      _id: new Types.ObjectId(), user, tokenHash: name, family: name, expiresAt, rotatedAt: null, revokedAt: null, createdAt: ago(40 * DAY), __v: 0,
    });
    const longExpired = token("long-expired", ago(2 * DAY));
    const justExpired = token("just-expired", ago(60 * 60_000));
    const live = token("live", new Date(Date.now() + 10 * DAY));
    await RefreshToken.collection.insertMany([longExpired, justExpired, live]);

    await vi.waitFor(async () => {
      const notices = await Notification.find({ recipient }).sort({ _id: 1 }).lean();
      expect(notices.map((n) => n._id.toString())).toEqual([recentRead._id.toString(), oldUnread._id.toString()].sort());
      const tokens = await RefreshToken.find({ user }).lean();
      expect(tokens.map((t) => t.tokenHash).sort()).toEqual(["just-expired", "live"]);
    }, { timeout: 30_000, interval: 250 });
  });
});
