import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

export const HEADING = "## Embedded engine (npm run bench:db)";
export const PLANS_HEADING = "## Embedded engine: history pages, text search, TTL (npm run bench:db)";

export interface Row { metric: string; value: string; target: string; verdict: string }

export function machine(repoDir: string): string[] {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoDir, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}, git commit ${commit}`,
    `- Load average when the run started (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")} — other work on the machine skews the figures`,
  ];
}

export function table(rows: Row[]): string[] {
  const head: Row = { metric: "Metric", value: "Result", target: "Target", verdict: "" };
  const all = [head, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row) => `| ${(["metric", "value", "target", "verdict"] as const).map((k) => r[k].padEnd(width(k))).join(" | ")} |`;
  const sep = `|${(["metric", "value", "target", "verdict"] as const).map((k) => "-".repeat(width(k) + 2)).join("|")}|`;
  return [line(head), sep, ...rows.map(line)];
}

/** Replace (or append) this section of docs/BENCHMARKS.md, leaving other sections alone. */
export function writeSection(file: string, body: string[], heading = HEADING): void {
  const HEADING = heading;
  const section = [HEADING, "", ...body, ""].join("\n");
  if (!existsSync(file)) {
    writeFileSync(file, `# Benchmarks\n\n${section}`);
    return;
  }
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(HEADING);
  if (start === -1) {
    writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf("\n## ", start + HEADING.length);
  const rest = next === -1 ? "" : `\n${text.slice(next + 1)}`;
  writeFileSync(file, `${text.slice(0, start)}${section}${rest}`);
}
