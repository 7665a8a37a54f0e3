import { MAX_MESSAGE_SIZE_BYTES } from "./limits.js";

export class FrameError extends Error {}

/**
 * Accumulates socket chunks and yields complete wire frames (length-prefixed messages)
 * without concatenating on every chunk: chunks are kept in a list until a frame is complete.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const length = this.peekLength();
      if (length < 16 || length > MAX_MESSAGE_SIZE_BYTES) {
        throw new FrameError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first && first.length >= 4) return first.readInt32LE(0);
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 4));
    return head.readInt32LE(0);
  }

  private take(length: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= length) {
      const frame = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      this.buffered -= length;
      return frame;
    }
    const all = Buffer.concat(this.chunks, this.buffered);
    const frame = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}
