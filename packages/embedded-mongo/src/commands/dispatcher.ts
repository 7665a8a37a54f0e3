import { type Document } from "bson";
import { commandError, notSupported, toErrorReply } from "../errors.js";
import {
  buildInfoCommand, getLogCommand, getParameterCommand, helloCommand, hostInfoCommand, okCommand,
  refuseTransactionCommand, serverStatusCommand, setParameterCommand, startSessionCommand,
} from "./admin-commands.js";
import { aggregateCommand } from "./aggregate-command.js";
import {
  collStatsCommand, createCommand, dbStatsCommand, dropCommand, dropDatabaseCommand, listCollectionsCommand, listDatabasesCommand,
} from "./catalog-commands.js";
import { collModCommand } from "./collmod-command.js";
import { type CommandContext, type CommandHandler, validateDbName } from "./context.js";
import { deleteCommand } from "./delete-command.js";
import { explainCommand } from "./explain-command.js";
import { findAndModifyCommand } from "./find-and-modify.js";
import { countCommand, distinctCommand, findCommand, getMoreCommand, killCursorsCommand } from "./find-commands.js";
import { createIndexesCommand, dropIndexesCommand, listIndexesCommand } from "./index-commands.js";
import { insertCommand } from "./insert-command.js";
import { updateCommand } from "./update-command.js";
import { refuseTransactions } from "./write-helpers.js";
import { recordCommand } from "./op-counters.js";

const HANDLERS: Record<string, CommandHandler> = {
  hello: helloCommand,
  isMaster: helloCommand,
  ismaster: helloCommand,
  ping: okCommand,
  buildInfo: buildInfoCommand,
  buildinfo: buildInfoCommand,
  hostInfo: hostInfoCommand,
  getParameter: getParameterCommand,
  setParameter: setParameterCommand,
  getLog: getLogCommand,
  serverStatus: serverStatusCommand,
  getCmdLineOpts: () => ({ argv: [], parsed: {}, ok: 1 }),
  whatsmyuri: () => ({ you: "127.0.0.1", ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  endSessions: okCommand,
  killSessions: okCommand,
  killAllSessions: okCommand,
  refreshSessions: okCommand,
  startSession: startSessionCommand,
  abortTransaction: refuseTransactionCommand,
  commitTransaction: refuseTransactionCommand,
  create: createCommand,
  drop: dropCommand,
  dropDatabase: dropDatabaseCommand,
  listCollections: listCollectionsCommand,
  listDatabases: listDatabasesCommand,
  collStats: collStatsCommand,
  dbStats: dbStatsCommand,
  createIndexes: createIndexesCommand,
  listIndexes: listIndexesCommand,
  dropIndexes: dropIndexesCommand,
  deleteIndexes: dropIndexesCommand,
  collMod: collModCommand,
  insert: insertCommand,
  find: findCommand,
  getMore: getMoreCommand,
  killCursors: killCursorsCommand,
  update: updateCommand,
  delete: deleteCommand,
  findAndModify: findAndModifyCommand,
  findandmodify: findAndModifyCommand,
  aggregate: aggregateCommand,
  explain: explainCommand,
  mapReduce: () => {
    throw notSupported("mapReduce");
  },
  count: countCommand,
  distinct: distinctCommand,
};

/** Runs one command and always returns a reply document (errors become ok:0 replies). */
export async function dispatchCommand(ctx: CommandContext): Promise<Document> {
  const name = Object.keys(ctx.body)[0] ?? "";
  try {
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw commandError("CommandNotFound", `no such command: '${name}'`);
    if (name !== "hello" && name !== "isMaster" && name !== "ismaster") {
      validateDbName(ctx.db);
      refuseTransactions(ctx.body);
    }
    recordCommand(name, ctx.body);
    return await handler(ctx);
  } catch (err) {
    return toErrorReply(err);
  }
}

export type { CommandContext };
