import { readFileSync } from "node:fs";

/** Plain-text summaries of a V8 CPU profile and heap snapshot, for `npm run bench:profile`. */

interface CpuNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }

export function summarizeCpuProfile(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: CpuNode[]; samples: number[] };
  const byFn = new Map<string, number>();
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  for (const n of profile.nodes) {
    const url = n.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, "");
    const key = `${n.callFrame.functionName || "(anonymous)"} ${url}:${String(n.callFrame.lineNumber + 1)}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (hits.get(n.id) ?? 0));
  }
  const total = profile.samples.length || 1;
  return [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join("\n");
}

function heapByConstructor(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeIdx = fields.indexOf("type");
  const nameIdx = fields.indexOf("name");
  const sizeIdx = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const agg = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeIdx] ?? 0] ?? "?";
    const name = type === "object" || type === "closure" ? (snap.strings[snap.nodes[i + nameIdx] ?? 0] ?? "?") : `(${type})`;
    const key = type === "closure" ? `closure ${name}` : name;
    const a = agg.get(key) ?? { count: 0, size: 0 };
    a.count++;
    a.size += snap.nodes[i + sizeIdx] ?? 0;
    agg.set(key, a);
  }
  return agg;
}

/** What grew between two snapshots, per unit (for example per connection), largest first. */
export function diffHeapSnapshots(beforeFile: string, afterFile: string, units: number, top: number): string {
  const before = heapByConstructor(beforeFile);
  const rows = [...heapByConstructor(afterFile).entries()].map(([k, a]) => {
    const b = before.get(k) ?? { count: 0, size: 0 };
    return { k, size: (a.size - b.size) / units, count: (a.count - b.count) / units };
  });
  const total = rows.reduce((s, r) => s + r.size, 0);
  return [`${total.toFixed(0).padStart(8)} B    total`, ...rows.sort((a, b) => b.size - a.size).slice(0, top)
    .map((r) => `${r.size.toFixed(0).padStart(8)} B ${r.count.toFixed(2).padStart(7)}  ${r.k.slice(0, 90)}`)].join("\n");
}

interface SamplingNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: SamplingNode[] }

const frameName = (f: SamplingNode["callFrame"]): string =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules|work\/main)\//, "")}:${String(f.lineNumber + 1)}`;
/** Our code: the app's own modules (not a dependency, not Node's internals). */
const isOurs = (url: string): boolean => /\/(server|lib|contracts|packages)\//.test(url) && !url.includes("node_modules");

/**
 * A sampling heap profile (HeapProfiler.startSampling) summed two ways: by the frame that allocated,
 * and by the nearest frame of our own code on the allocation's stack (who asked for it).
 */
export function summarizeHeapSampling(file: string, top: number): string {
  const { head } = JSON.parse(readFileSync(file, "utf8")) as { head: SamplingNode };
  const bySelf = new Map<string, number>();
  const byOurs = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode, ours: string | null): void => {
    const here = isOurs(node.callFrame.url) ? frameName(node.callFrame) : ours;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const self = frameName(node.callFrame);
      bySelf.set(self, (bySelf.get(self) ?? 0) + node.selfSize);
      const who = here ?? "(no frame of ours)";
      byOurs.set(who, (byOurs.get(who) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, null);
  const table = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${(v / 2 ** 20).toFixed(1).padStart(7)} MiB ${((v / (total || 1)) * 100).toFixed(1).padStart(5)}%  ${k}`).join("\n");
  return `total ${(total / 2 ** 20).toFixed(1)} MiB sampled\n-- by allocating frame --\n${table(bySelf)}\n-- by our nearest frame --\n${table(byOurs)}`;
}
