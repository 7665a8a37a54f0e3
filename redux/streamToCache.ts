import type { Draft } from "@reduxjs/toolkit";
import type { ServerToClientEvents } from "@/contracts/socket";

/**
 * The one way socket pushes reach an RTK Query cache entry (call it from `onCacheEntryAdded`):
 *
 * - listens from the moment the entry is added, so a push that races the first fetch is held and
 *   applied once the data has loaded (RTK's `updateCachedData` does nothing before that), in order;
 * - applies each push through the feature's merge (by id, so a push the REST answer already holds,
 *   or a push that arrives twice, changes nothing);
 * - after a reconnect the server did not recover (`socket.recovered` false), calls the feature's
 *   resync (refetch, or fetch the gap with its REST cursor) so nothing sent meanwhile is missed (F9);
 * - stops listening when the entry is removed.
 *
 * Resolves once the entry is removed.
 */

type PayloadOf<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export interface PushHandler<Data, Payload> {
  /** Whether a push concerns this entry (its conversation, course, lesson); all do by default. */
  filter?: (payload: Payload) => boolean;
  /**
   * Merges the push into the cached data: an Immer recipe (change the draft, or return new data).
   * A push that only makes the feature refetch (in `then`) has none.
   */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a recipe that changes the draft returns nothing
  merge?: (draft: Draft<Data>, payload: Payload) => Data | void;
  /** After the merge, outside the recipe: side effects that depend on what the merge changed. */
  then?: (payload: Payload, before: Data, after: Data) => void;
}

export type PushHandlers<Data> = { [E in keyof ServerToClientEvents]?: PushHandler<Data, PayloadOf<E>> };

export interface StreamOptions<Data> {
  pushes: PushHandlers<Data>;
  /**
   * Fetches what a lost session may have missed. Called after a connect that `socket.recovered`
   * says was not a recovery, when the entry could have missed pushes: the socket had been connected
   * before, or the data had already loaded; one coming during the first fetch waits until it lands.
   */
  resync?: () => unknown;
}

/** The part of an RTK Query cache lifecycle this needs (`onCacheEntryAdded`'s second argument). */
export interface StreamLifecycle<Data> {
  cacheDataLoaded: Promise<unknown>;
  cacheEntryRemoved: Promise<unknown>;
  /** `Data` is inferred from here alone. */
  getCacheEntry(): { data?: Data };
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- as above
  updateCachedData(recipe: (draft: Draft<NoInfer<Data>>) => NoInfer<Data> | void): unknown;
}

type AnyListener = (payload?: unknown) => void;

/** What a socket needs for this; the app's `AppSocket` is one, a unit test's EventEmitter another. */
export interface StreamSocket {
  readonly connected: boolean;
  readonly recovered: boolean;
  on(event: "connect" | keyof ServerToClientEvents, listener: AnyListener): unknown;
  off(event: "connect" | keyof ServerToClientEvents, listener: AnyListener): unknown;
}

export async function streamToCache<Data>(
  lifecycle: StreamLifecycle<Data>,
  socket: StreamSocket,
  options: StreamOptions<NoInfer<Data>>,
): Promise<void> {
  /** Pushes that arrived before the first data, in order; null once it has loaded. */
  let held = [] as (() => void)[] | null;
  let seenConnect = socket.connected;
  let resyncOnLoad = false as boolean;

  const apply = <Payload>(handler: PushHandler<Data, Payload>, payload: Payload) => {
    const before = lifecycle.getCacheEntry().data;
    const { merge } = handler;
    if (merge) lifecycle.updateCachedData((draft) => merge(draft, payload));
    const after = lifecycle.getCacheEntry().data;
    if (handler.then && before !== undefined && after !== undefined) handler.then(payload, before, after);
  };

  const listeners: ["connect" | keyof ServerToClientEvents, AnyListener][] = [];
  for (const event of Object.keys(options.pushes) as (keyof ServerToClientEvents)[]) {
    const handler = options.pushes[event] as PushHandler<Data, unknown> | undefined;
    if (!handler) continue;
    listeners.push([event, (payload) => {
      if (handler.filter && !handler.filter(payload)) return;
      if (held) held.push(() => { apply(handler, payload); });
      else apply(handler, payload);
    }]);
  }
  const { resync } = options;
  if (resync) {
    listeners.push(["connect", () => {
      const mayHaveMissed = !socket.recovered && (seenConnect || held === null);
      seenConnect = true;
      if (!mayHaveMissed) return;
      if (held) resyncOnLoad = true;
      else void resync();
    }]);
  }

  for (const [event, listener] of listeners) socket.on(event, listener);
  try {
    const loaded = await lifecycle.cacheDataLoaded.then(() => true, () => false);
    if (loaded) {
      const early = held ?? [];
      held = null;
      for (const applyHeld of early) applyHeld();
      if (resyncOnLoad) void resync?.();
    }
    await lifecycle.cacheEntryRemoved;
  } finally {
    for (const [event, listener] of listeners) socket.off(event, listener);
  }
}
