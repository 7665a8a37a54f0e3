import { type Document, Long, UUID } from "bson";
import { hostname } from "node:os";
import { badValue, commandError } from "../errors.js";
import { ttlState } from "../storage/ttl-monitor.js";
import {
  MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES, MAX_WIRE_VERSION, MAX_WRITE_BATCH_SIZE, MIN_WIRE_VERSION, SERVER_VERSION,
} from "../wire/limits.js";
import { type CommandContext } from "./context.js";
import { latencySnapshot } from "./latency-stats.js";
import { opCounters } from "./op-counters.js";

export function helloCommand(ctx: CommandContext): Document {
  const legacy = "isMaster" in ctx.body || "ismaster" in ctx.body;
  const reply: Document = {
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: MIN_WIRE_VERSION,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  if (!legacy) delete reply.ismaster;
  if (ctx.body.helloOk === true) reply.helloOk = true;
  return reply;
}

export function buildInfoCommand(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: "embedded",
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ["embedded-journal"],
    javascriptEngine: "none",
    modules: [],
    ok: 1,
  };
}

export function hostInfoCommand(): Document {
  return {
    system: { currentTime: new Date(), hostname: hostname(), numCores: 1, memSizeMB: 0 },
    os: { type: process.platform, name: process.platform },
    extra: {},
    ok: 1,
  };
}

export function getParameterCommand(ctx: CommandContext): Document {
  const reply: Document = { ok: 1 };
  if (ctx.body.ttlMonitorSleepSecs !== undefined || ctx.body.getParameter === "*") reply.ttlMonitorSleepSecs = Math.round(ttlState.intervalMs / 1000);
  if (ctx.body.featureCompatibilityVersion !== undefined || ctx.body.getParameter === "*") {
    reply.featureCompatibilityVersion = { version: "7.0" };
  }
  return reply;
}

export function getLogCommand(ctx: CommandContext): Document {
  if (ctx.body.getLog === "*") return { names: ["global", "startupWarnings"], ok: 1 };
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

export function serverStatusCommand(): Document {
  const { opcounters, metrics } = opCounters();
  const ttl = { passes: Long.fromNumber(ttlState.stats.passes), deletedDocuments: Long.fromNumber(ttlState.stats.deletedDocuments) };
  return {
    host: hostname(), version: SERVER_VERSION, process: "embedded-mongo", pid: Long.fromNumber(process.pid), uptime: process.uptime(),
    localTime: new Date(), opcounters, metrics: { ...metrics, ttl, latency: latencySnapshot() }, ok: 1,
  };
}

/** `setParameter`: only `ttlMonitorSleepSecs` (the TTL sweep interval) is known; it answers the previous value as `was`. */
export function setParameterCommand(ctx: CommandContext): Document {
  if (ctx.db !== "admin") throw commandError("Unauthorized", "setParameter may only be run against the admin database.");
  const names = Object.keys(ctx.body).filter((k) => k !== "setParameter" && !k.startsWith("$") && k !== "lsid" && k !== "comment");
  const [name] = names;
  if (names.length !== 1 || name !== "ttlMonitorSleepSecs") {
    throw commandError("InvalidOptions", name === undefined ? "no option found to set, use help:true to see options" : `attempted to set unrecognized parameter [${name}], use help:true to see options`);
  }
  const secs = Number((ctx.body[name] as { valueOf(): unknown } | null)?.valueOf());
  if (!Number.isInteger(secs) || secs < 1) throw badValue(`Invalid value for parameter ttlMonitorSleepSecs: ${String(ctx.body[name])}`);
  const was = Math.round(ttlState.intervalMs / 1000);
  ttlState.intervalMs = secs * 1000;
  ttlState.reschedule();
  return { was, ok: 1 };
}

/** commitTransaction/abortTransaction: refused like a standalone mongod. */
export function refuseTransactionCommand(): Document {
  throw commandError("IllegalOperation", "Transaction numbers are only allowed on a replica set member or mongos");
}

export function startSessionCommand(): Document {
  return { id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 };
}

export function okCommand(): Document {
  return { ok: 1 };
}
