import type { VariantName } from "../variants";

/** The raw results of one `npm run bench`, as the report reads them. */
export interface Run {
  scenario: "idle" | "broadcast" | "chat" | "mix";
  variant: VariantName;
  rep: number;
  /** Connections (idle, broadcast), pairs (chat) or users (mix). */
  level: number;
  /** Fraction of all cores busy in the second before the run (the load generator idle). */
  busy: number;
  /** lib/machine.ts speedProbe (ms, lower is faster) on the server's and the load generator's cores just before the run. */
  speed?: { server: number; load: number };
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface BenchResults {
  date: string;
  commit: string;
  dirty: boolean;
  machine: string;
  node: string;
  busyBefore: number;
  pinned: boolean;
  /** The servers' taskset core list when not the usual core (variants.ts SERVER_CORES). */
  serverCores?: string;
  repeats: number;
  runs: Run[];
}
