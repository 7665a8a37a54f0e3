import { crc32 } from "node:zlib";
import { type Document } from "bson";
import { decodeDocument, encodeDocument } from "../wire/bson-codec.js";

/**
 * Journal and snapshot files are sequences of records:
 *   [u32 LE payload length][u32 LE CRC32 of payload][payload = one BSON document]
 */
export const RECORD_HEADER_BYTES = 8;

export function encodeRecord(payload: Document): Buffer {
  const body = encodeDocument(payload);
  const head = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body], RECORD_HEADER_BYTES + body.length);
}

export interface DecodedRecords {
  records: Document[];
  /** Byte offset just after the last valid record. */
  validBytes: number;
  /** Why decoding stopped early, if it did. */
  corruption?: string;
}

export function decodeRecords(data: Buffer): DecodedRecords {
  const records: Document[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (offset + RECORD_HEADER_BYTES > data.length) {
      return { records, validBytes: offset, corruption: `torn record header at byte ${offset}` };
    }
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const start = offset + RECORD_HEADER_BYTES;
    if (length < 5 || start + length > data.length) {
      return { records, validBytes: offset, corruption: `torn or invalid record of length ${length} at byte ${offset}` };
    }
    const body = data.subarray(start, start + length);
    if (crc32(body) !== checksum) {
      return { records, validBytes: offset, corruption: `checksum mismatch at byte ${offset}` };
    }
    try {
      records.push(decodeDocument(body));
    } catch {
      return { records, validBytes: offset, corruption: `undecodable record at byte ${offset}` };
    }
    offset = start + length;
  }
  return { records, validBytes: offset };
}
