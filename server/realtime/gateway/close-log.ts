import type WebSocket from "ws";

/**
 * Every native connection's close is logged once (SPEC F12), with its code and reason and who it was:
 * the close the server sent when it ended it (4401, 1001, 1003, the heartbeat's termination...), else
 * the code the client or the network gave (1000, 1001, 1005, 1006, 1009...). Never a token or a URL.
 * Only server-sent closes are noted ahead; nothing is kept per open connection.
 */

const serverCloses = new WeakMap<WebSocket, { code: number; reason: string }>();

/** The server is closing `ws` with this code: the log says so rather than what the peer echoed. */
export function noteServerClose(ws: WebSocket, code: number, reason: string): void {
  if (!serverCloses.has(ws)) serverCloses.set(ws, { code, reason });
}

export function logClose(ws: WebSocket, code: number, reason: string, who?: { id: string; data: { userId: string } }): void {
  const sent = serverCloses.get(ws);
  serverCloses.delete(ws);
  const by = sent ? "server" : "client";
  const closeCode = sent?.code ?? code;
  const closeReason = (sent?.reason ?? reason).slice(0, 123);
  console.log(`[gateway] closed by ${by}: code ${String(closeCode)}${closeReason ? ` "${closeReason}"` : ""}, client ${who?.id ?? "-"}, user ${who?.data.userId ?? "-"}`);
}
