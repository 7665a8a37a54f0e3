export interface CliArgs {
  dbPath: string;
  port: number;
  host: string;
  /** Listen on this Unix domain socket instead of TCP (`--socket`). */
  socketPath?: string;
  /** Require SCRAM-SHA-256 authentication (`--auth`) with the user of `credentialsFile`. */
  auth: boolean;
  /** `--credentials-file`, default `<dbpath>/credentials.json` (created with a random password when missing). */
  credentialsFile?: string;
  compactEveryOps?: number;
  slowMs?: number;
  /** `--ttl-monitor-ms`: how often expired documents are deleted (default 60,000). */
  ttlMonitorMs?: number;
}

export const USAGE = "usage: embedded-mongo --dbpath DIR [--port PORT (default 27017, 0 = any free port)] [--host HOST] | [--socket PATH.sock (Unix domain socket, mode 0600, instead of TCP)] [--auth [--credentials-file FILE (default DIR/credentials.json)]] [--compact-every-ops N] [--slowms MS (log commands slower than this, default 100)] [--ttl-monitor-ms MS (TTL sweep interval, default 60000)]";

/** sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Why `socketPath` cannot be used, or null. The driver recognises a socket host by its `.sock` ending. */
export function socketPathProblem(socketPath: string): string | null {
  if (!socketPath.endsWith(".sock")) return `socket path must end with .sock (the mongodb driver recognises Unix socket hosts by it): ${socketPath}`;
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) return `socket path is ${String(bytes)} bytes, longer than the ${String(MAX_SOCKET_PATH_BYTES)} a Unix socket allows: ${socketPath}`;
  return null;
}

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let dbPath: string | undefined;
  let port = 27017;
  let host = "127.0.0.1";
  let tcpFlag: string | undefined;
  let socketPath: string | undefined;
  let auth = false;
  let credentialsFile: string | undefined;
  let compactEveryOps: number | undefined;
  let slowMs: number | undefined;
  let ttlMonitorMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case "--dbpath":
      case "--dbPath":
        dbPath = value();
        break;
      case "--port": {
        tcpFlag = flag;
        const v = value();
        port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535) throw new UsageError(`invalid port: ${v}`);
        break;
      }
      case "--host":
      case "--bind_ip":
        tcpFlag = flag;
        host = value();
        break;
      case "--socket":
        socketPath = value();
        break;
      case "--auth":
        if (inline !== undefined) throw new UsageError("--auth takes no value");
        auth = true;
        break;
      case "--credentials-file":
        credentialsFile = value();
        break;
      case "--compact-every-ops": {
        const v = value();
        compactEveryOps = Number(v);
        if (!/^\d+$/.test(v) || compactEveryOps < 1) throw new UsageError(`invalid --compact-every-ops: ${v}`);
        break;
      }
      case "--slowms": {
        const v = value();
        slowMs = Number(v);
        if (!/^\d+$/.test(v)) throw new UsageError(`invalid --slowms: ${v}`);
        break;
      }
      case "--ttl-monitor-ms": {
        const v = value();
        ttlMonitorMs = Number(v);
        if (!/^\d+$/.test(v) || ttlMonitorMs < 1) throw new UsageError(`invalid --ttl-monitor-ms: ${v}`);
        break;
      }
      case "--":
        break;
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  if (!dbPath) throw new UsageError("--dbpath is required");
  if (socketPath !== undefined) {
    if (tcpFlag) throw new UsageError(`--socket and ${tcpFlag} cannot be combined (the engine listens on one or the other)`);
    const problem = socketPathProblem(socketPath);
    if (problem) throw new UsageError(problem);
  }
  if (credentialsFile !== undefined && !auth) throw new UsageError("--credentials-file needs --auth");
  return { dbPath, port, host, socketPath, auth, credentialsFile, compactEveryOps, slowMs, ttlMonitorMs };
}
