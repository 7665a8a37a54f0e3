"use client";

import { useEffect, useRef, useState } from "react";
import type { LiveMetrics } from "@/contracts/metrics";
import { holdAdminSocket } from "@/lib/client/adminSocket";
import { useSocket } from "@/lib/client/socketContext";
import { MetricsSeries } from "@/lib/client/metricsSeries";
import { useGetAdminMetricsQuery } from "@/redux/features/admin/adminApi";

export interface LiveMetricsState {
  /** The latest figures (the REST answer, then each push). */
  live: LiveMetrics | null;
  /** The chart columns, moved along in place; `version` changes each time they do. */
  series: MetricsSeries | null;
  version: number;
  /** Whether the /admin socket is connected (pushes arrive). */
  connected: boolean;
  loading: boolean;
  failed: boolean;
  retry: () => void;
}

/**
 * The admin dashboard's metrics (SPEC F10): the last 15 minutes from GET /api/admin/metrics, then
 * one point a second from the `/admin` namespace's `metrics` push. The history is loaded again
 * after a reconnect (the seconds missed meanwhile). Series live in a ref, not in Redux: a push
 * appends to arrays in place instead of copying 15 minutes of points.
 */
export function useLiveMetrics(): LiveMetricsState {
  const { data, isLoading, isError, refetch } = useGetAdminMetricsQuery(undefined, { refetchOnMountOrArgChange: true });
  const series = useRef<MetricsSeries | null>(null);
  const [live, setLive] = useState<LiveMetrics | null>(null);
  const [version, setVersion] = useState(0);
  const [connected, setConnected] = useState(false);
  // The /admin namespace rides on the main connection, which exists once the SocketProvider has loaded it.
  const main = useSocket();

  useEffect(() => {
    if (!data) return;
    const s = MetricsSeries.fromHistory(data.history);
    series.current = s;
    setLive((prev) => (prev && prev.at > data.at ? prev : data));
    setVersion((v) => v + 1);
  }, [data]);

  useEffect(() => {
    if (!main) return undefined;
    const { socket, release } = holdAdminSocket();
    let seen = socket.connected;
    const onMetrics = (m: LiveMetrics) => {
      series.current?.append(m);
      setLive(m);
      setVersion((v) => v + 1);
    };
    const onConnect = () => {
      setConnected(true);
      // Seconds pushed while we were away are in the history: fetch it again.
      if (seen) void refetch();
      seen = true;
    };
    const onDisconnect = () => { setConnected(false); };
    socket.on("metrics", onMetrics);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    setConnected(socket.connected);
    return () => {
      socket.off("metrics", onMetrics);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      release();
    };
  }, [main, refetch]);

  return {
    live,
    // Read on render on purpose: `version` changes whenever the series does.
    series: series.current,
    version,
    connected,
    loading: isLoading,
    failed: isError && !data,
    retry: () => void refetch(),
  };
}
