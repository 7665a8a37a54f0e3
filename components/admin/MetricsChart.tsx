"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useTheme } from "@/hooks/useTheme";
import { WINDOW_SECONDS, type MetricsSeries, type SeriesKey } from "@/lib/client/metricsSeries";

export interface ChartLine {
  key: SeriesKey;
  label: string;
  /** A CSS custom property of the theme (read again when the theme changes). */
  color: string;
}

interface Props {
  title: string;
  lines: readonly ChartLine[];
  series: MetricsSeries | null;
  /** Changes each time the series moved: the chart redraws then. */
  version: number;
  format: (v: number) => string;
  /** The smallest top of the y axis (so an idle line sits at the bottom, not mid-chart). */
  minTop?: number;
  testId?: string;
}

const HEIGHT = 150;
const clock = (sec: number) => new Date(sec * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";

/**
 * One uPlot chart over the last 15 minutes. uPlot draws to a canvas and redraws a 900-point series
 * in about a millisecond, so moving every chart one point a second stays cheap (the dashboard
 * shows the measured cost); the chart is created once per theme and resized with its box.
 */
export function MetricsChart({ title, lines, series, version, format, minTop = 1, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { theme } = useTheme();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: css("--text-muted"), grid: { stroke: css("--border"), width: 1 }, ticks: { stroke: css("--border"), width: 1 }, font: "11px system-ui, sans-serif" };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (_u, _min, max) => [max - WINDOW_SECONDS, max] },
        y: { range: (_u, _min, max) => [0, Math.max(minTop, max * 1.15)] },
      },
      axes: [{ ...axis, values: (_u, vals) => vals.map(clock) }, { ...axis, size: 64, values: (_u, vals) => vals.map(format) }],
      series: [{}, ...lines.map((l) => ({ label: l.label, stroke: css(l.color), width: 1.5, points: { show: false } }))],
    };
    const u = new uPlot(opts, [[], ...lines.map(() => [])], el);
    plot.current = u;
    const resize = new ResizeObserver(() => { u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }); });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [theme, lines, format, minTop]);

  useEffect(() => {
    const u = plot.current;
    if (!u || !series) return;
    u.setData([series.t, ...lines.map((l) => series.cols[l.key])] as uPlot.AlignedData);
  }, [series, version, lines, theme]);

  return (
    <figure className="chart card" data-testid={testId} data-points={series?.length ?? 0} data-last={series?.last ?? ""}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-canvas" />
    </figure>
  );
}
