import { type Document, Long } from "bson";

/**
 * serverStatus's `opcounters` (as mongod counts them: inserted documents, update and delete
 * statements, find commands, getMores, every other command) and `metrics.commands` (per name).
 * One engine per process, so the counters are process-wide.
 */
const counters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
const byName = new Map<string, number>();

const statements = (body: Document, field: string): number => (Array.isArray(body[field]) ? (body[field] as unknown[]).length : 0);

export function recordCommand(name: string, body: Document): void {
  byName.set(name, (byName.get(name) ?? 0) + 1);
  if (name === "insert") counters.insert += statements(body, "documents");
  else if (name === "update") counters.update += statements(body, "updates");
  else if (name === "delete") counters.delete += statements(body, "deletes");
  else if (name === "find") counters.query++;
  else if (name === "getMore") counters.getmore++;
  else counters.command++;
}

export function opCounters(): { opcounters: Document; metrics: Document } {
  const opcounters: Document = {};
  for (const [k, v] of Object.entries(counters)) opcounters[k] = Long.fromNumber(v);
  const commands: Document = {};
  for (const [name, total] of byName) commands[name] = { total: Long.fromNumber(total) };
  return { opcounters, metrics: { commands } };
}
