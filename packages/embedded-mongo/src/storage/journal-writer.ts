import { closeSync, fdatasync, fsyncSync, openSync, writeSync } from "node:fs";
import { promisify } from "node:util";
import { engineStages } from "../commands/latency-stats.js";

const fdatasyncAsync = promisify(fdatasync);

/** At most this many fdatasync calls run at once (they occupy libuv thread-pool threads). */
const MAX_SYNCS_IN_FLIGHT = 2;

interface Waiter {
  /** Durable once every record up to this sequence number is synced. */
  seq: number;
  resolve: () => void;
}

/**
 * Append-only journal file with group commit. Records are numbered as appended. A flush
 * writes everything queued with one write and then runs one fdatasync; every waiter whose
 * records were written before that fdatasync started is resolved when it completes. A new
 * flush may start while an earlier fdatasync is still running (an fdatasync makes durable
 * everything written before it began, so completion order does not matter).
 */
export class JournalWriter {
  private readonly fd: number;
  private queue: Buffer[] = [];
  private appendedSeq = 0;
  private writtenSeq = 0;
  private syncedSeq = 0;
  private waiters: Waiter[] = [];
  private scheduled = false;
  private syncsInFlight = 0;
  private idle: (() => void)[] = [];
  private failed: Error | null = null;

  /** `gate`: nothing is written before it resolves (the previous journal generation must be durable first). */
  constructor(
    readonly path: string,
    private readonly onFatal: (err: Error) => void,
    private gate: Promise<void> | null = null,
  ) {
    this.fd = openSync(path, "a");
  }

  /** Queues bytes; they become durable at the next flush. */
  append(data: Buffer): void {
    this.queue.push(data);
    this.appendedSeq++;
  }

  /** Resolves once everything appended so far is on disk. */
  durable(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const seq = this.appendedSeq;
    if (this.syncedSeq >= seq) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ seq, resolve }));
    if (this.writtenSeq < seq) this.schedule();
    return done;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Yield once so that writers of the same tick join this batch.
    setImmediate(() => {
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.gate) {
      await this.gate;
      this.gate = null;
    }
    if (this.syncsInFlight >= MAX_SYNCS_IN_FLIGHT) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    this.scheduled = false;
    if (this.failed || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const seq = this.appendedSeq;
    this.syncsInFlight++;
    try {
      const data = batch.length === 1 ? (batch[0] ?? Buffer.alloc(0)) : Buffer.concat(batch);
      // Writing into the page cache is fast; only the fdatasync goes to the thread pool.
      let written = 0;
      while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
      this.writtenSeq = seq;
      const syncStarted = performance.now();
      await fdatasyncAsync(this.fd);
      engineStages.fsync.record(performance.now() - syncStarted);
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      this.onFatal(this.failed);
      return;
    } finally {
      this.syncsInFlight--;
      this.idle.shift()?.();
    }
    this.syncedSeq = Math.max(this.syncedSeq, seq);
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.syncedSeq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Flushes pending data, waits for in-flight syncs and closes the file. */
  async close(): Promise<void> {
    await this.durable();
    while (this.syncsInFlight > 0 || this.scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
