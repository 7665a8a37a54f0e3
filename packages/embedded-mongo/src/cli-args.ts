export interface CliArgs {
  dbPath: string;
  port: number;
  host: string;
  compactEveryOps?: number;
  slowMs?: number;
}

export const USAGE = "usage: embedded-mongo --dbpath DIR [--port PORT (default 27017, 0 = any free port)] [--host HOST] [--compact-every-ops N] [--slowms MS (log commands slower than this, default 100)]";

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let dbPath: string | undefined;
  let port = 27017;
  let host = "127.0.0.1";
  let compactEveryOps: number | undefined;
  let slowMs: number | undefined;
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
        const v = value();
        port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535) throw new UsageError(`invalid port: ${v}`);
        break;
      }
      case "--host":
      case "--bind_ip":
        host = value();
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
      case "--":
        break;
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  if (!dbPath) throw new UsageError("--dbpath is required");
  return { dbPath, port, host, compactEveryOps, slowMs };
}
