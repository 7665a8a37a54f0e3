import type { Readable } from "node:stream";
import mongoose, { Types } from "mongoose";

/**
 * Job output files live in GridFS (bucket `jobFiles`), in the same store as everything else, so every
 * node can serve every file.
 */
const BUCKET = "jobFiles";

export function fileBucket(): InstanceType<typeof mongoose.mongo.GridFSBucket> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("the data store is not connected");
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

export interface StoredFile {
  id: Types.ObjectId;
  filename: string;
  contentType: string;
  size: number;
}

/** Writes a whole buffer as one file. */
export async function saveBuffer(filename: string, contentType: string, bytes: Buffer): Promise<StoredFile> {
  const upload = fileBucket().openUploadStream(filename, { metadata: { contentType } });
  await new Promise<void>((resolve, reject) => {
    upload.once("finish", resolve);
    upload.once("error", reject);
    upload.end(bytes);
  });
  return { id: new Types.ObjectId(upload.id.toString()), filename, contentType, size: bytes.length };
}

/** The file's stored metadata, or null when it is gone. */
export async function findFile(id: Types.ObjectId): Promise<StoredFile | null> {
  const doc = await fileBucket().find({ _id: id }).limit(1).next();
  if (!doc) return null;
  const contentType = (doc.metadata as { contentType?: string } | undefined)?.contentType ?? "application/octet-stream";
  return { id, filename: doc.filename, contentType, size: doc.length };
}

export function openFile(id: Types.ObjectId): Readable {
  return fileBucket().openDownloadStream(id);
}

export async function deleteFile(id: Types.ObjectId): Promise<void> {
  await fileBucket().delete(id).catch(() => undefined);
}
