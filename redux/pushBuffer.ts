/**
 * Socket pushes for an RTK Query cache entry: the listener is attached before the first REST answer
 * lands, so a push that races the first fetch is held, applied once the data has loaded, and never lost.
 */
export function pushBuffer<T>(apply: (items: T[]) => void) {
  let held: T[] | null = [];
  return {
    push(item: T): void {
      if (held) held.push(item);
      else apply([item]);
    },
    /** Waits for the first load, applies what was held, then waits until the entry is removed. */
    async whileCached(cacheDataLoaded: Promise<unknown>, cacheEntryRemoved: Promise<unknown>): Promise<void> {
      const loaded = await cacheDataLoaded.then(() => true, () => false);
      if (!loaded) return;
      const early = held ?? [];
      held = null;
      if (early.length > 0) apply(early);
      await cacheEntryRemoved;
    },
  };
}
