import { Types } from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { Notification } from "@/models/Notification";
import { startTestServer, type TestServer } from "./support/harness";

let current: TestServer | null = null;
afterAll(async () => {
  await current?.stop();
});

const notice = (recipient: Types.ObjectId, link: string, createdAt: Date) => ({
  _id: new Types.ObjectId(), recipient, title: "New message from Ann", message: "hi", type: "chat_message",
  link, status: "unread", createdAt, updatedAt: createdAt, __v: 0,
});

describe("one unread chat notification per recipient and conversation (models/Notification.ts)", () => {
  it("the store refuses a second one, and data from before the index is mended on start", async () => {
    current = await startTestServer();
    const recipient = new Types.ObjectId();
    const link = "/messages/aaaaaaaaaaaaaaaaaaaaaaaa";
    await Notification.collection.insertOne(notice(recipient, link, new Date(1000)));
    await expect(Notification.collection.insertOne(notice(recipient, link, new Date(2000)))).rejects.toMatchObject({ code: 11000 });
    // Read ones and other conversations are outside the rule.
    await Notification.collection.insertOne({ ...notice(recipient, link, new Date(3000)), status: "read" });
    await Notification.collection.insertOne(notice(recipient, "/messages/bbbbbbbbbbbbbbbbbbbbbbbb", new Date(4000)));

    // A database from before the index: drop it, add a duplicate, restart.
    await Notification.collection.dropIndex("one_unread_chat_notice");
    const newest = notice(recipient, link, new Date(5000));
    await Notification.collection.insertOne(newest);
    const dataDir = current.dataDir;
    await current.stop({ keepData: true });
    current = null;
    current = await startTestServer(dataDir);

    const unread = await Notification.find({ recipient, link, status: "unread" }).lean();
    expect(unread.map((n) => n._id.toString())).toEqual([newest._id.toString()]);
    expect(await Notification.countDocuments({ recipient })).toBe(4);
    await expect(Notification.collection.insertOne(notice(recipient, link, new Date(6000)))).rejects.toMatchObject({ code: 11000 });
  });
});
