import { type Socket } from "node:net";
import { type Document } from "bson";
import { engineStages } from "../commands/latency-stats.js";
import { FrameError, FrameReader } from "./frame-reader.js";
import { type IncomingCommand, buildReply, parseFrame } from "./messages.js";

const MAX_QUEUED_FRAMES = 64;
const MAX_UNREAD_REPLY_BYTES = 16 * 1024 * 1024;

export type CommandRunner = (cmd: IncomingCommand, connectionId: number) => Promise<Document>;

/**
 * One client connection: frames are parsed as they arrive and commands are executed in
 * order (a connection never has two commands in flight). Any protocol violation closes
 * this connection only.
 */
export class Connection {
  private readonly reader = new FrameReader();
  private readonly queue: Buffer[] = [];
  /** When each queued frame was read (performance.now()), for the `queued` stage of serverStatus latency. */
  private readonly queuedAt: number[] = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly run: CommandRunner,
    private readonly log: (line: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.onData(chunk);
    });
    socket.on("error", () => {
      this.close();
    });
    socket.on("close", () => {
      this.closed = true;
    });
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      const frames = this.reader.push(chunk);
      const now = performance.now();
      for (const frame of frames) {
        this.queue.push(frame);
        this.queuedAt.push(now);
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    // Backpressure: a client pipelining many requests is paused until its queue drains.
    if (this.queue.length > MAX_QUEUED_FRAMES) this.socket.pause();
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const frame = this.queue.shift();
        const readAt = this.queuedAt.shift() ?? performance.now();
        if (!frame) break;
        engineStages.queued.record(performance.now() - readAt);
        if (this.queue.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
        let cmd: IncomingCommand;
        try {
          cmd = parseFrame(frame);
        } catch (err) {
          this.fail(err);
          return;
        }
        const reply = await this.run(cmd, this.id);
        if (cmd.moreToCome || this.isClosed()) continue;
        const replyAt = performance.now();
        const flushed = this.socket.write(encodeReply(cmd, reply));
        engineStages.reply.record(performance.now() - replyAt);
        // A client that does not read its replies is not allowed to make us buffer without bound.
        if (!flushed && this.socket.writableLength > MAX_UNREAD_REPLY_BYTES) await this.waitForDrain();
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.running = false;
    }
  }

  private waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
  }

  private fail(err: unknown): void {
    const reason = err instanceof FrameError ? err.message : err instanceof Error ? err.stack ?? err.message : String(err);
    this.log(`connection ${this.id}: closing after protocol error: ${reason}`);
    this.close();
  }

  private isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }
}

/** A reply too large to encode becomes a BSONObjectTooLarge error reply instead of a dropped connection. */
function encodeReply(cmd: IncomingCommand, reply: Document): Buffer {
  try {
    return buildReply(cmd, reply);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return buildReply(cmd, { ok: 0, errmsg: `reply could not be encoded (too large?): ${reason}`, code: 10334, codeName: "BSONObjectTooLarge" });
  }
}
