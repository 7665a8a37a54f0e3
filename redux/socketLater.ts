import { whenSocket, type AppSocket } from "@/lib/client/socket";

/**
 * For a socket-fed RTK Query cache entry (`onCacheEntryAdded`) added before the tab has a socket (it
 * exists once someone has signed in and socket.io-client has loaded, lib/client/socket.ts): resolves
 * with it once it exists, or with null when the entry is removed first (a visitor's entries never
 * get one, and no one can push to them). A socket made later has not connected yet, and its first
 * connect resyncs the entry (streamToCache), so nothing sent before is missed.
 *
 * Callers write `currentSocket() ?? (await socketLater(lifecycle))`: with no `await` when the socket
 * exists, the entry listens from the moment it is added, so a push racing the first fetch is kept.
 */
export function socketLater(lifecycle: { cacheEntryRemoved: Promise<unknown> }): Promise<AppSocket | null> {
  return Promise.race([whenSocket(), lifecycle.cacheEntryRemoved.then(() => null, () => null)]);
}
