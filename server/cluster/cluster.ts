import { randomBytes } from "node:crypto";
import os from "node:os";
import { DEFAULT_CLUSTER_TIMINGS, type ClusterTimings } from "./node-loop";
import { connectRedis, redactUrl, type Redis } from "./redis";

/**
 * This process as one node of a cluster (SPEC F11): its Redis connection, its id (what its entries in
 * Redis are filed under) and the cleanup timings. Created by server.ts when REDIS_URL is set and kept
 * in the runtime registry, so services and route handlers reach the shared stores through it.
 */
export interface ClusterHandle {
  redis: Redis;
  nodeId: string;
  timings: ClusterTimings;
  close(): Promise<void>;
}

export async function joinCluster(url: string, timings: Partial<ClusterTimings> = {}): Promise<ClusterHandle> {
  const redis = await connectRedis(url);
  // Host and pid for an operator reading `ll:nodes`; random bytes so a restarted pid is a new node.
  const nodeId = `${os.hostname()}-${String(process.pid)}-${randomBytes(3).toString("hex")}`;
  console.log(`[cluster] node ${nodeId} joined through ${redactUrl(url)}`);
  return {
    redis,
    nodeId,
    timings: { ...DEFAULT_CLUSTER_TIMINGS, ...timings },
    close: async () => {
      // Waits for the replies of commands already sent (the last presence and viewer updates).
      await redis.close().catch(() => { redis.destroy(); });
    },
  };
}
