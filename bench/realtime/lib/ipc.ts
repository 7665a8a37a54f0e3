import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Request/response over Node's IPC channel between the bench orchestrator and its child processes
 * (servers and the load generator). A child registers handlers with `serve`; the parent calls them
 * with `Child.call`, which rejects when the child answers an error or exits.
 */

type Handler = (args: never) => unknown;
interface Request { id: number; method: string; args: unknown }
interface Response { id: number; ok: boolean; value?: unknown; error?: string }

export function serve(handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error("this script is a bench child: start it through bench/realtime/run.ts");
  process.on("message", (raw: Request) => {
    const handler = handlers[raw.method];
    void (async () => {
      let res: Response;
      try {
        if (!handler) throw new Error(`no method ${raw.method}`);
        res = { id: raw.id, ok: true, value: await handler(raw.args as never) };
      } catch (e) {
        res = { id: raw.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      process.send?.(res);
    })();
  });
  // The orchestrator going away ends the child.
  process.on("disconnect", () => process.exit(0));
  process.send({ id: 0, ok: true, value: "ready" } satisfies Response);
}

export interface Child {
  name: string;
  proc: ChildProcess;
  call<T>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

const tsxLoader = ["--import", "tsx"];

/**
 * Starts `script` (a .ts file) in its own Node process with an IPC channel, pinned to `core` with
 * taskset when that exists; resolves once the child has called `serve`.
 */
export async function startChild(opts: {
  name: string;
  script: string;
  /** A core, or a taskset list such as "0,1"; null: not pinned. */
  core: number | string | null;
  env?: Record<string, string>;
  nodeArgs?: string[];
  quiet?: boolean;
}): Promise<Child> {
  const nodeArgs = [...(opts.nodeArgs ?? []), ...tsxLoader, opts.script];
  const useTaskset = opts.core !== null && existsSync("/usr/bin/taskset");
  const [cmd, args] = useTaskset
    ? ["/usr/bin/taskset", ["-c", String(opts.core), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const proc = spawn(cmd, args, {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", opts.quiet ? "ignore" : "inherit", "inherit", "ipc"],
    // Its own process group, so that stop() also waits for (and if need be kills) its children,
    // such as variant D's embedded engine, before the next variant starts on the same machine.
    detached: true,
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exited: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    proc.on("message", (res: Response) => {
      if (res.id === 0) {
        resolve();
        return;
      }
      const p = pending.get(res.id);
      pending.delete(res.id);
      if (res.ok) p?.resolve(res.value);
      else p?.reject(new Error(`${opts.name}: ${res.error ?? "failed"}`));
    });
    proc.once("exit", (code, signal) => {
      exited = new Error(`${opts.name} exited (code ${String(code)}, signal ${String(signal)})`);
      for (const p of pending.values()) p.reject(exited);
      pending.clear();
      reject(exited);
    });
  });
  await ready;
  return {
    name: opts.name,
    proc,
    call<T>(method: string, args?: unknown, timeoutMs = 600_000): Promise<T> {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${opts.name}.${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => { clearTimeout(timer); resolve(v as T); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        });
        proc.send({ id, method, args } satisfies Request);
      });
    },
    async stop() {
      const pgid = proc.pid;
      if (!exited) {
        const gone = new Promise<void>((resolve) => proc.once("exit", () => { resolve(); }));
        proc.kill("SIGTERM");
        const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
        await gone;
        clearTimeout(timer);
      }
      if (pgid) await reapGroup(pgid);
    },
  };
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits up to 20 s for what is left of a process group to exit, then kills it. */
async function reapGroup(pgid: number): Promise<void> {
  for (let waited = 0; waited < 20_000 && groupAlive(pgid); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}
