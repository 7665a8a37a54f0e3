import { VARIANT_LABEL, type VariantName } from "../variants";
import { chatP99, finite, medianRun, num, okRuns, VARIANTS } from "./format";
import type { BenchResults } from "./results";

/**
 * The report's chart, hand-written SVG with no dependencies: p99 latency against load, one panel for
 * the broadcast scenario (deliveries/s) and one for chat (messages/s, the offered rate of each step),
 * one polyline per variant through every step of its median repeat, sorted by rate. The x axis is
 * logarithmic (the rate search doubles), the y axis linear up to 100 or 200 ms; points above that are
 * drawn on the top edge as triangles. A white background keeps it readable in dark viewers.
 */

interface Point { x: number; y: number; pass: boolean }
interface Series { variant: VariantName; points: Point[] }

const W = 900;
const H = 380;
const TOP = 46;
const BOTTOM = 298;
const LIMIT_MS = 50;
const COLOR: Record<VariantName, string> = { A: "#1f77b4", B: "#e07b00", "D-nostore": "#2ca02c", D: "#d62728", "D-nometrics": "#9467bd", "D-ws": "#8c564b", "D-redis": "#e377c2" };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f1 = (x: number): string => x.toFixed(1);
const text = (x: number, y: number, s: string, attrs = ""): string =>
  `<text x="${f1(x)}" y="${f1(y)}" ${attrs}>${esc(s)}</text>`;

function broadcastSeries(res: BenchResults): Series[] {
  return VARIANTS.broadcast.map((variant) => {
    const run = medianRun(okRuns(res, "broadcast", variant), (r) => r.result.best);
    const steps = [...(run?.result.steps ?? [])].sort((a, b) => a.rate - b.rate);
    return { variant, points: steps.map((s) => ({ x: s.deliveriesPerSec, y: s.latency.p99, pass: s.pass })) };
  });
}

function chatSeries(res: BenchResults): Series[] {
  return VARIANTS.chat.map((variant) => {
    const run = medianRun(okRuns(res, "chat", variant), (r) => r.result.best);
    const steps = [...(run?.result.steps ?? [])].sort((a, b) => a.rate - b.rate);
    return { variant, points: steps.map((s) => ({ x: s.rate, y: chatP99(s), pass: s.pass })) };
  });
}

/** "25k", "1.5M": short labels for the log axis. */
function short(x: number): string {
  if (x >= 1e6) return `${num(x / 1e6, x % 1e6 ? 1 : 0)}M`;
  if (x >= 1e3) return `${num(x / 1e3, x % 1e3 ? 1 : 0)}k`;
  return num(x);
}

/** Ticks inside [lo, hi] at 1, 2, 5 × 10^k; finer over a short range, powers of ten only over a long one. */
function logTicks(lo: number, hi: number): number[] {
  const at = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) if (m * 10 ** e >= lo * 0.999 && m * 10 ** e <= hi * 1.001) out.push(m * 10 ** e);
    }
    return out;
  };
  const ticks = at([1, 2, 5]);
  if (ticks.length < 4) return at([1, 1.5, 2, 3, 4, 5, 7]);
  return ticks.length > 8 ? at([1]) : ticks;
}

function panel(title: string, xLabel: string, series: Series[], left: number, width: number): string[] {
  const x0 = left + 62;
  const x1 = left + width - 20;
  const out = [text((x0 + x1) / 2, 24, title, 'text-anchor="middle" font-size="14" font-weight="600"')];
  const pts = series.flatMap((s) => s.points).filter((p) => finite(p.x) && p.x > 0);
  const yMax = pts.every((p) => finite(p.y) && p.y <= 90) ? 100 : 200;
  const yOf = (y: number) => BOTTOM - (Math.min(y, yMax) / yMax) * (BOTTOM - TOP);
  out.push(`<rect x="${f1(x0)}" y="${f1(TOP)}" width="${f1(x1 - x0)}" height="${f1(BOTTOM - TOP)}" fill="none" stroke="#999"/>`);
  for (let y = 0; y <= yMax; y += yMax / 4) {
    out.push(`<line x1="${f1(x0)}" x2="${f1(x1)}" y1="${f1(yOf(y))}" y2="${f1(yOf(y))}" stroke="#e4e4e4"/>`,
      text(x0 - 6, yOf(y) + 4, num(y), 'text-anchor="end"'));
  }
  const yMid = (TOP + BOTTOM) / 2;
  out.push(text(left + 16, yMid, "p99 latency (ms)", `text-anchor="middle" transform="rotate(-90 ${f1(left + 16)} ${f1(yMid)})"`));
  out.push(text((x0 + x1) / 2, BOTTOM + 38, xLabel, 'text-anchor="middle"'));
  if (pts.length === 0) {
    out.push(text((x0 + x1) / 2, yMid, "no data", 'text-anchor="middle" fill="#888"'));
    return out;
  }
  const lo = Math.log10(Math.min(...pts.map((p) => p.x)) / 1.25);
  const hi = Math.log10(Math.max(...pts.map((p) => p.x)) * 1.25);
  const xOf = (x: number) => x0 + ((Math.log10(x) - lo) / (hi - lo || 1)) * (x1 - x0);
  for (const t of logTicks(10 ** lo, 10 ** hi)) {
    out.push(`<line x1="${f1(xOf(t))}" x2="${f1(xOf(t))}" y1="${f1(TOP)}" y2="${f1(BOTTOM)}" stroke="#eee"/>`,
      `<line x1="${f1(xOf(t))}" x2="${f1(xOf(t))}" y1="${f1(BOTTOM)}" y2="${f1(BOTTOM + 5)}" stroke="#666"/>`,
      text(xOf(t), BOTTOM + 18, short(t), 'text-anchor="middle"'));
  }
  out.push(`<line x1="${f1(x0)}" x2="${f1(x1)}" y1="${f1(yOf(LIMIT_MS))}" y2="${f1(yOf(LIMIT_MS))}" stroke="#555" stroke-width="1.2" stroke-dasharray="6 4"/>`,
    text(x0 + 6, yOf(LIMIT_MS) - 5, `${String(LIMIT_MS)} ms limit`, 'fill="#555" font-size="11" stroke="#fff" stroke-width="3" paint-order="stroke"'));
  for (const s of series) {
    const ps = s.points.filter((p) => finite(p.x) && p.x > 0).map((p) => ({ ...p, px: xOf(p.x), py: yOf(finite(p.y) ? p.y : yMax) }));
    if (ps.length === 0) continue;
    const c = COLOR[s.variant];
    out.push(`<polyline data-variant="${esc(s.variant)}" fill="none" stroke="${c}" stroke-width="2" stroke-linejoin="round" points="${ps.map((p) => `${f1(p.px)},${f1(p.py)}`).join(" ")}"/>`);
    for (const p of ps) {
      out.push(finite(p.y) && p.y <= yMax
        ? `<circle cx="${f1(p.px)}" cy="${f1(p.py)}" r="3.5" fill="${p.pass ? c : "#fff"}" stroke="${c}" stroke-width="1.5"/>`
        : `<path d="M${f1(p.px - 5)},${f1(p.py + 4)} L${f1(p.px)},${f1(p.py - 5)} L${f1(p.px + 5)},${f1(p.py + 4)} Z" fill="${c}"/>`);
    }
  }
  return out;
}

function legend(variants: VariantName[]): string[] {
  const items: { width: number; draw: (x: number, y: number) => string }[] = variants.map((v) => ({
    width: 40 + VARIANT_LABEL[v].length * 6,
    draw: (x, y) => `<line x1="${f1(x)}" x2="${f1(x + 22)}" y1="${f1(y - 4)}" y2="${f1(y - 4)}" stroke="${COLOR[v]}" stroke-width="3"/>${text(x + 28, y, VARIANT_LABEL[v])}`,
  }));
  items.push(
    { width: 66, draw: (x, y) => `<circle cx="${f1(x + 5)}" cy="${f1(y - 4)}" r="3.5" fill="#555"/>${text(x + 14, y, "passed")}` },
    { width: 58, draw: (x, y) => `<circle cx="${f1(x + 5)}" cy="${f1(y - 4)}" r="3.5" fill="#fff" stroke="#555" stroke-width="1.5"/>${text(x + 14, y, "failed")}` },
    { width: 110, draw: (x, y) => `<path d="M${f1(x)},${f1(y)} L${f1(x + 5)},${f1(y - 9)} L${f1(x + 10)},${f1(y)} Z" fill="#555"/>${text(x + 14, y, "off the scale")}` },
  );
  const total = items.reduce((a, i) => a + i.width, 0);
  let x = (W - total) / 2;
  return items.map((i) => {
    const s = i.draw(x, H - 14);
    x += i.width;
    return s;
  });
}

export function latencyChart(res: BenchResults): string {
  const level = (scenario: "broadcast" | "chat") => res.runs.find((r) => r.scenario === scenario)?.level;
  const clients = level("broadcast");
  const pairs = level("chat");
  const b = broadcastSeries(res);
  const c = chatSeries(res);
  const shown = [...new Set([...VARIANTS.chat, ...VARIANTS.broadcast])].filter((v) => [...b, ...c].some((s) => s.variant === v && s.points.length > 0));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(W)}" height="${String(H)}" viewBox="0 0 ${String(W)} ${String(H)}" ${FONT} font-size="12" fill="#222">`,
    `<rect width="${String(W)}" height="${String(H)}" fill="#fff"/>`,
    ...panel(`Broadcast${clients ? `: ${num(clients)} clients, one room` : ""}`, "deliveries/s (log scale)", b, 0, W / 2),
    ...panel(`Chat${pairs ? `: ${num(pairs)} pairs` : ""}`, "messages/s offered (log scale)", c, W / 2, W / 2),
    ...legend(shown),
    "</svg>",
    "",
  ].join("\n");
}
