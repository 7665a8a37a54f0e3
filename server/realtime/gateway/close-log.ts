import type WebSocket from "ws";

/**
 * Every native connection's close is logged once (SPEC F12), with its code and reason and who it was:
 * the close the server sent when it ended it (4401, 1001, 1003, the heartbeat's termination...), else
 * the code the client or the network gave (1000, 1001, 1005, 1006, 1009...). Never a token or a URL.
 */

interface Note {
  server?: { code: number; reason: string };
  clientId?: string;
  userId?: string;
}

const notes = new WeakMap<WebSocket, Note>();

function noteOf(ws: WebSocket): Note {
  let note = notes.get(ws);
  if (!note) notes.set(ws, (note = {}));
  return note;
}

/** The server is closing `ws` with this code: the log says so rather than what the peer echoed. */
export function noteServerClose(ws: WebSocket, code: number, reason: string): void {
  const note = noteOf(ws);
  note.server ??= { code, reason };
}

export function noteIdentity(ws: WebSocket, clientId: string, userId: string): void {
  Object.assign(noteOf(ws), { clientId, userId });
}

export function logClose(ws: WebSocket, code: number, reason: string): void {
  const note = notes.get(ws) ?? {};
  notes.delete(ws);
  const by = note.server ? "server" : "client";
  const closeCode = note.server?.code ?? code;
  const closeReason = (note.server?.reason ?? reason).slice(0, 123);
  console.log(`[gateway] closed by ${by}: code ${String(closeCode)}${closeReason ? ` "${closeReason}"` : ""}, client ${note.clientId ?? "-"}, user ${note.userId ?? "-"}`);
}
