import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const REPO_DIR = path.resolve(PACKAGE_DIR, "../..");
const CLI = path.join(PACKAGE_DIR, "src", "cli.ts");
const READY = /embedded-mongo listening on 127\.0\.0\.1:(\d+)/;

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** The CLI running as its own process group (so kill -9 reaches any helper it forks). */
export interface CliProcess {
  readonly proc: ChildProcess;
  readonly exited: Promise<Exit>;
  output(): string;
  /** Signal the whole process group; a no-op once it has exited. */
  signal(sig: NodeJS.Signals): void;
}

export interface CliEngine extends CliProcess {
  port: number;
  uri: string;
}

/** `extraArgs`, e.g. ["--compact-every-ops", "50"], are appended to the command line. */
export function spawnCli(dbPath: string, extraArgs: string[] = []): CliProcess {
  const args = ["--import", "tsx", CLI, "--dbpath", dbPath, "--port", "0", ...extraArgs];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_DIR,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString("utf8")).slice(-64_000);
  };
  proc.stdout.on("data", keep);
  proc.stderr.on("data", keep);
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    proc.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return {
    proc,
    exited,
    output: () => out,
    signal(sig) {
      const pid = proc.pid;
      if (done || pid === undefined) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // already gone
      }
    },
  };
}

/** Start the CLI and wait for its ready line; kills it and throws if it does not come. */
export async function startCli(dbPath: string, extraArgs: string[] = [], timeoutMs = 30_000): Promise<CliEngine> {
  const cli = spawnCli(dbPath, extraArgs);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { fail(new Error(`no ready line within ${timeoutMs} ms`)); }, timeoutMs);
    const onData = () => {
      const m = READY.exec(cli.output());
      if (m?.[1]) {
        cleanup();
        resolve(Number(m[1]));
      }
    };
    const onExit = (code: number | null) => { fail(new Error(`engine exited early (code ${String(code)})`)); };
    function cleanup() {
      clearTimeout(timer);
      cli.proc.stdout?.off("data", onData);
      cli.proc.stderr?.off("data", onData);
      cli.proc.off("exit", onExit);
    }
    function fail(err: Error) {
      cleanup();
      cli.signal("SIGKILL");
      reject(new Error(`${err.message}\n--- engine output ---\n${cli.output()}`));
    }
    cli.proc.stdout?.on("data", onData);
    cli.proc.stderr?.on("data", onData);
    cli.proc.once("exit", onExit);
  });
  return { ...cli, port, uri: `mongodb://127.0.0.1:${port}/` };
}

/** Resolve with the exit, or SIGKILL the group and reject after timeoutMs. */
export async function waitExit(cli: CliProcess, timeoutMs: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.signal("SIGKILL");
      reject(new Error(`engine did not exit within ${timeoutMs} ms\n${cli.output()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL the group and wait until the process is really gone. */
export async function kill9(cli: CliProcess): Promise<void> {
  cli.signal("SIGKILL");
  await waitExit(cli, 10_000);
}
