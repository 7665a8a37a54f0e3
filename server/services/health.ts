import mongoose from "mongoose";
import type { HealthDto } from "@/contracts/dto";
import { runtime } from "../runtime";
import { nativeStats } from "../realtime/gateway/native-stats";

const states: Record<number, HealthDto["db"]["state"]> = { 0: "disconnected", 1: "connected", 2: "connecting", 3: "disconnected" };

export function getHealth(): HealthDto {
  const state = states[mongoose.connection.readyState as number] ?? "disconnected";
  return {
    status: state === "connected" && !runtime.isShuttingDown() ? "ok" : "degraded",
    db: { state, kind: runtime.getConfig()?.dbKind ?? "embedded" },
    uptimeSec: Math.round((Date.now() - runtime.startedAt()) / 1000),
    ...clusterHealth(),
    connections: { socketio: runtime.getIo()?.engine.clientsCount ?? 0, native: nativeStats().open },
  };
}

function clusterHealth(): Pick<HealthDto, "cluster"> {
  const cluster = runtime.getCluster();
  return cluster ? { cluster: { node: cluster.nodeId, redis: cluster.redis.isReady ? "connected" : "reconnecting" } } : {};
}
