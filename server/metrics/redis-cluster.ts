import { createClient } from "redis";
import type { Redis } from "../cluster/script";
import type { ClusterMetrics, NodeIdentity, NodeReport } from "./cluster";
import { NODE_TIMEOUT_MS } from "./cluster";
import { HISTORY_SECONDS } from "./meter";
import type { NodePoint } from "./second-ring";

export interface RedisClusterOptions {
  /** The node's own Redis client (the server passes its cluster's); left open by close(). */
  client?: Redis;
  /** Or a URL, for a client of its own (closed by close()). */
  url?: string;
  /** Key prefix (tests use their own). */
  prefix?: string;
  /** A node silent for this long is removed (default NODE_TIMEOUT_MS, 30 s; tests shorten it). */
  nodeTimeoutMs?: number;
}

/**
 * The peak of the sum, atomically: sums the open connections of the nodes that heartbeated since
 * ARGV[1], keeps the highest sum seen. It expires with the cluster: once no node has published for
 * ARGV[2] ms, the next start begins a new peak.
 */
const PEAK_SCRIPT = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
local sum = 0
for _, id in ipairs(ids) do sum = sum + tonumber(redis.call('HGET', KEYS[1], id) or '0') end
local peak = tonumber(redis.call('GET', KEYS[3]) or '0')
if sum > peak then peak = sum end
redis.call('SET', KEYS[3], peak, 'PX', ARGV[2])
return peak
`;

/**
 * Cluster-wide metrics through Redis (F11, REDIS_URL): each node writes, once a second, its report
 * (`report:<id>`), its last second (`points:<id>`, a list of the last 15 minutes) and its open
 * connections (hash `connections`), and heartbeats in the sorted set `nodes` (score: epoch ms). Any
 * node reads the live ones back; a node that stopped heartbeating for `nodeTimeoutMs` is removed
 * with its entries by the next reader (a node that shuts down cleanly removes itself).
 */
export class RedisClusterMetrics implements ClusterMetrics {
  private readonly client: Redis;
  private readonly ownClient: boolean;
  private readonly keys;
  private readonly timeoutMs: number;
  private failing = false;

  constructor(private readonly identity: NodeIdentity, opts: RedisClusterOptions) {
    const prefix = opts.prefix ?? "learnlive:metrics:";
    this.timeoutMs = opts.nodeTimeoutMs ?? NODE_TIMEOUT_MS;
    this.keys = {
      nodes: `${prefix}nodes`,
      connections: `${prefix}connections`,
      peak: `${prefix}peak`,
      report: (id: string) => `${prefix}report:${id}`,
      points: (id: string) => `${prefix}points:${id}`,
    };
    if (opts.client) {
      this.client = opts.client;
      this.ownClient = false;
    } else {
      if (!opts.url) throw new Error("RedisClusterMetrics: a client or a url");
      this.client = createClient({ url: opts.url, RESP: 2, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) } });
      this.ownClient = true;
      this.client.on("error", (e: unknown) => {
        if (!this.failing) console.error("[metrics] redis:", e instanceof Error ? e.message : String(e));
        this.failing = true;
      });
      this.client.on("ready", () => { this.failing = false; });
      this.client.connect().catch(() => undefined); // retried by reconnectStrategy; errors go to "error"
    }
  }

  async publish(report: NodeReport, point: NodePoint): Promise<void> {
    // Without Redis (starting, or an outage), a second's figures are dropped, never queued: nothing piles up.
    if (!this.client.isReady) return;
    const { id } = this.identity;
    const keepMs = this.timeoutMs * 2;
    await this.client.multi()
      .zAdd(this.keys.nodes, { score: report.heartbeat, value: id })
      .set(this.keys.report(id), JSON.stringify(report), { PX: keepMs })
      .rPush(this.keys.points(id), JSON.stringify(point))
      .lTrim(this.keys.points(id), -HISTORY_SECONDS, -1)
      .pExpire(this.keys.points(id), keepMs)
      .hSet(this.keys.connections, id, String(report.connections.reduce((a, b) => a + b, 0)))
      .exec();
    await this.peak(0);
  }

  async reports(): Promise<NodeReport[]> {
    const ids = await this.liveIds();
    if (ids.length === 0) return [];
    const raw = await this.client.mGet(ids.map(this.keys.report));
    return raw.flatMap((r) => (typeof r === "string" ? [JSON.parse(r) as NodeReport] : []));
  }

  async points(from: number, to: number): Promise<NodePoint[][]> {
    const ids = await this.liveIds();
    const lists = await Promise.all(ids.map((id) => this.client.lRange(this.keys.points(id), 0, -1)));
    return lists.map((list) => list.map((p) => JSON.parse(p) as NodePoint).filter((p) => p.t >= from && p.t <= to));
  }

  async peak(currentSum: number): Promise<number> {
    const keys = [this.keys.connections, this.keys.nodes, this.keys.peak];
    const peak = await this.client.eval(PEAK_SCRIPT, { keys, arguments: [String(Date.now() - this.timeoutMs), String(this.timeoutMs)] });
    return Math.max(Number(peak), currentSum);
  }

  /** `leave: false` stops without removing this node (what a crash looks like to the others). */
  async close(opts: { leave?: boolean } = {}): Promise<void> {
    const { id } = this.identity;
    if (opts.leave !== false && this.client.isReady) {
      await this.client.multi().zRem(this.keys.nodes, id).hDel(this.keys.connections, id).del([this.keys.report(id), this.keys.points(id)]).exec().catch(() => undefined);
    }
    if (this.ownClient) this.client.destroy();
  }

  /** The nodes that heartbeated within the timeout; the others are removed with their entries. */
  private async liveIds(): Promise<string[]> {
    const cutoff = Date.now() - this.timeoutMs;
    const dead = await this.client.zRangeByScore(this.keys.nodes, "-inf", `(${String(cutoff)}`);
    if (dead.length > 0) {
      await this.client.multi().zRem(this.keys.nodes, dead).hDel(this.keys.connections, dead).del([...dead.map(this.keys.report), ...dead.map(this.keys.points)]).exec();
    }
    return this.client.zRangeByScore(this.keys.nodes, cutoff, "+inf");
  }
}
