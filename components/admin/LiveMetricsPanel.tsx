"use client";

import { useEffect, useRef, useState } from "react";
import type { LiveMetrics } from "@/contracts/metrics";
import { ErrorState } from "@/components/ui/states";
import { useLiveMetrics } from "@/hooks/useLiveMetrics";
import { MetricsChart, type ChartLine } from "./MetricsChart";

const int = (v: number) => Math.round(v).toLocaleString("en-US");
const ms = (v: number) => (v === 0 ? "0 ms" : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(v >= 10 ? 1 : 2)} ms`);
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

/**
 * What a tick costs this browser: from the start of the panel's render for a new point to the end
 * of the charts' draws (uPlot draws in a microtask queued by setData; ours is queued after them, as
 * the parent's effect runs after its children's). Median of the last 30 ticks, shown every 5 s.
 */
function useTickCost(version: number) {
  const started = useRef<{ version: number; at: number }>({ version: -1, at: 0 });
  const costs = useRef<number[]>([]);
  const [median, setMedian] = useState<number | null>(null);
  // Measuring is the one side effect of this render: the start of the work a tick causes.
  if (started.current.version !== version) started.current = { version, at: performance.now() };
  useEffect(() => {
    const { at } = started.current;
    queueMicrotask(() => {
      costs.current.push(performance.now() - at);
      if (costs.current.length > 30) costs.current.shift();
    });
  }, [version]);
  useEffect(() => {
    const timer = setInterval(() => {
      // The first ticks build the charts; steady state is what a tick costs.
      if (costs.current.length < 5) return;
      const sorted = [...costs.current].sort((a, b) => a - b);
      setMedian(sorted[Math.floor(sorted.length / 2)] ?? null);
    }, 5000);
    return () => { clearInterval(timer); };
  }, []);
  return median;
}

export function LiveMetricsPanel() {
  const { live, series, version, connected, loading, failed, retry } = useLiveMetrics();
  const avg = useTickCost(version);

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
              <MetricsChart key={c.id} testId={`chart-${c.id}`} title={c.title} lines={c.lines} series={series} version={version} format={c.format} minTop={c.minTop} />
            ))}
          </div>
          <p className="metrics-foot muted">
            {live.nodes.length === 1 ? "1 node" : `${live.nodes.length} nodes`} · since {new Date(live.startedAt).toLocaleString()} · last 15 minutes, one point a second
            {avg !== null && <> · <span data-testid="redraw-cost" data-ms={avg.toFixed(3)}>a tick (render and chart redraw) takes {avg.toFixed(1)} ms here</span></>}
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
