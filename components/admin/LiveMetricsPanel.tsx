"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LiveMetrics } from "@/contracts/metrics";
import { ErrorState } from "@/components/ui/states";
import { useLiveMetrics } from "@/hooks/useLiveMetrics";
import { MetricsChart, type ChartLine } from "./MetricsChart";

const int = (v: number) => Math.round(v).toLocaleString("en-US");
const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(v >= 10 ? 1 : 2)} ms`);
const pct = (v: number) => `${(v * 100).toFixed(v >= 0.1 ? 0 : 1)}%`;
const mb = (v: number) => `${Math.round(v)} MB`;
const mbBytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

// Stable identities: a chart is rebuilt only when its lines or format change.
const CHARTS = [
  { id: "connections", title: "Connections", lines: [{ key: "connections", label: "open", color: "--primary" }], format: int, minTop: 5 },
  { id: "throughput", title: "Messages and events per second", lines: [{ key: "messagesPerSecond", label: "chat messages/s", color: "--success" }, { key: "eventsPerSecond", label: "client events/s", color: "--primary" }], format: int, minTop: 5 },
  { id: "handling", title: "Handling time", lines: [{ key: "averageResponseTime", label: "average", color: "--primary" }, { key: "p95ResponseTime", label: "p95", color: "--warning" }], format: ms, minTop: 5 },
  { id: "errors", title: "Error rate (refused + failed)", lines: [{ key: "errorRate", label: "errors", color: "--danger" }], format: pct, minTop: 0.05 },
  { id: "loop", title: "Event-loop delay (p99)", lines: [{ key: "eventLoopDelayMs", label: "delay", color: "--warning" }], format: ms, minTop: 25 },
  { id: "memory", title: "Memory", lines: [{ key: "heapMb", label: "heap used", color: "--primary" }, { key: "rssMb", label: "RSS", color: "--text-muted" }], format: mb, minTop: 64 },
] as const satisfies readonly { id: string; title: string; lines: readonly ChartLine[]; format: (v: number) => string; minTop: number }[];

function tiles(m: LiveMetrics) {
  const idle = m.eventsPerSecond === 0;
  return [
    { id: "connections", label: "Connections", value: int(m.totalConnections), note: `peak ${int(m.peakConnections)}` },
    { id: "online", label: "Online users", value: int(m.onlineUsers), note: `${int(m.activeRooms)} active rooms` },
    { id: "messages", label: "Messages / s", value: int(m.messagesPerSecond), note: `${int(m.totalMessages)} since start` },
    { id: "p95", label: "p95 handling", value: idle ? "—" : ms(m.p95ResponseTime), note: idle ? "no events this second" : `avg ${ms(m.averageResponseTime)}` },
    { id: "errors", label: "Error rate", value: idle ? "—" : pct(m.errorRate), note: `${int(m.eventsPerSecond)} events/s` },
    { id: "loop", label: "Event loop", value: ms(m.eventLoopDelayMs), note: `heap ${mbBytes(m.memory.heapUsed)}` },
  ];
}

/** Redraw cost per tick, summed over the charts, averaged over the last 30 ticks. */
function useRedrawCost() {
  const perTick = useRef(new Map<number, number>());
  const [avg, setAvg] = useState<number | null>(null);
  const add = useCallback((version: number, cost: number) => {
    perTick.current.set(version, (perTick.current.get(version) ?? 0) + cost);
  }, []);
  useEffect(() => {
    const timer = setInterval(() => {
      const keys = [...perTick.current.keys()].sort((a, b) => a - b);
      // The newest tick may still be drawing; keep the last 30 complete ones.
      const done = keys.slice(0, -1).slice(-30);
      if (done.length === 0) return;
      setAvg(done.reduce((s, k) => s + (perTick.current.get(k) ?? 0), 0) / done.length);
      for (const k of keys.slice(0, -31)) perTick.current.delete(k);
    }, 5000);
    return () => { clearInterval(timer); };
  }, []);
  return { avg, add };
}

export function LiveMetricsPanel() {
  const { live, series, version, connected, loading, failed, retry } = useLiveMetrics();
  const { avg, add } = useRedrawCost();
  const versionRef = useRef(version);
  useEffect(() => { versionRef.current = version; }, [version]);
  const onRedraw = useCallback((cost: number) => { add(versionRef.current, cost); }, [add]);

  if (failed) return <ErrorState title="Couldn't load the realtime metrics" onRetry={retry} />;
  return (
    <section className="metrics" aria-labelledby="metrics-heading" data-testid="live-metrics" data-connected={connected}>
      <div className="section-head">
        <h2 id="metrics-heading">Realtime</h2>
        {loading || !live ? <span className="muted">Loading…</span>
          : connected ? <span className="live-dot">Live</span>
          : <span className="status-paused" role="status" data-testid="metrics-disconnected">Live updates paused — reconnecting…</span>}
      </div>
      {loading || !live ? <MetricsSkeleton /> : (
        <>
          <div className={connected ? "metric-tiles" : "metric-tiles is-stale"}>
            {tiles(live).map((t) => (
              <div key={t.id} className="card metric-tile" data-testid={`metric-${t.id}`}>
                <span>{t.label}</span>
                <strong>{t.value}</strong>
                <small>{t.note}</small>
              </div>
            ))}
          </div>
          {series && series.length < 3 && <p className="muted metrics-empty" data-testid="metrics-empty">Collecting the first seconds of data… the charts fill in one point a second.</p>}
          <div className="chart-grid">
            {CHARTS.map((c) => (
              <MetricsChart key={c.id} testId={`chart-${c.id}`} title={c.title} lines={c.lines} series={series} version={version} format={c.format} minTop={c.minTop} onRedraw={onRedraw} />
            ))}
          </div>
          <p className="metrics-foot muted">
            {live.nodes.length === 1 ? "1 node" : `${live.nodes.length} nodes`} · since {new Date(live.startedAt).toLocaleString()} · last 15 minutes, one point a second
            {avg !== null && <> · <span data-testid="redraw-cost" data-ms={avg.toFixed(3)}>charts redraw in {avg.toFixed(1)} ms per tick</span></>}
          </p>
        </>
      )}
    </section>
  );
}

function MetricsSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading metrics">
      <div className="metric-tiles">{[0, 1, 2, 3, 4, 5].map((i) => <div key={i} className="skeleton" style={{ height: 92, borderRadius: 14 }} />)}</div>
      <div className="chart-grid">{[0, 1].map((i) => <div key={i} className="skeleton" style={{ height: 200, borderRadius: 14 }} />)}</div>
    </div>
  );
}
