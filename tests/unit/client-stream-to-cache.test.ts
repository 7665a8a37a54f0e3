import { EventEmitter } from "node:events";
import { configureStore } from "@reduxjs/toolkit";
import { createApi } from "@reduxjs/toolkit/query";
import { describe, expect, it } from "vitest";
import { streamToCache } from "@/redux/streamToCache";

/** A socket.io-client stand-in: server pushes and "connect" are plain events. */
class FakeSocket extends EventEmitter {
  connected = true;
  recovered = false;
  reconnect(recovered: boolean): void {
    this.recovered = recovered;
    this.connected = true;
    this.emit("connect");
  }
}

interface Item {
  id: string;
  text: string;
}
interface Push {
  listId: string;
  item: Item;
}

const byId = (items: readonly Item[], incoming: Item) => [...items.filter((i) => i.id !== incoming.id), incoming].sort((a, b) => a.id.localeCompare(b.id));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** A real RTK Query API whose one endpoint streams the fake socket into its cache entry. */
function setup() {
  const socket = new FakeSocket();
  const answers: ((items: Item[]) => void)[] = [];
  const resyncs: string[] = [];
  const arrived: string[] = [];
  const ended = deferred<undefined>();
  const testApi = createApi({
    baseQuery: () => ({ data: null }),
    endpoints: (build) => ({
      getList: build.query<Item[], string>({
        queryFn: async () => {
          const { promise, resolve } = deferred<Item[]>();
          answers.push(resolve);
          return { data: await promise };
        },
        async onCacheEntryAdded(listId, lifecycle) {
          await streamToCache(lifecycle, socket, {
            pushes: {
              newReview: {
                filter: (payload) => payload.courseId === listId,
                merge: (draft, { review }) => byId(draft, { id: review.id, text: review.text }),
                then: ({ review }, before) => {
                  if (!before.some((i) => i.id === review.id)) arrived.push(review.id);
                },
              },
            },
            resync: () => resyncs.push(listId),
          });
          ended.resolve(undefined);
        },
      }),
    }),
  });
  const store = configureStore({
    reducer: { [testApi.reducerPath]: testApi.reducer },
    middleware: (getDefault) => getDefault().concat(testApi.middleware),
  });
  const data = (listId: string) => testApi.endpoints.getList.select(listId)(store.getState()).data;
  const push = ({ listId, item }: Push) => socket.emit("newReview", { courseId: listId, review: { id: item.id, text: item.text }, averageRating: 5, reviewsCount: 1 });
  const answer = async (items: Item[]) => {
    await waitUntil(() => answers.length > 0);
    answers.shift()?.(items);
  };
  return { socket, store, testApi, data, push, answer, resyncs, arrived, ended: ended.promise };
}

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe("streamToCache", () => {
  it("applies a push that arrived during the first fetch once the data has landed", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    t.push({ listId: "a", item: { id: "2", text: "pushed early" } });
    t.push({ listId: "b", item: { id: "9", text: "another list" } });
    await t.answer([{ id: "1", text: "from REST" }]);
    await query;
    await waitUntil(() => t.data("a")?.length === 2);
    expect(t.data("a")).toEqual([{ id: "1", text: "from REST" }, { id: "2", text: "pushed early" }]);
    expect(t.arrived).toEqual(["2"]);
    query.unsubscribe();
  });

  it("merges by id: a push the REST answer holds, or one that comes twice, is kept once", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    t.push({ listId: "a", item: { id: "1", text: "also in REST" } });
    await t.answer([{ id: "1", text: "also in REST" }]);
    await query;
    t.push({ listId: "a", item: { id: "2", text: "live" } });
    t.push({ listId: "a", item: { id: "2", text: "live" } });
    await waitUntil(() => t.data("a")?.length === 2);
    expect(t.data("a")?.map((i) => i.id)).toEqual(["1", "2"]);
    expect(t.arrived).toEqual(["2"]);
    query.unsubscribe();
  });

  it("resyncs after a reconnect the server did not recover, not after a recovered one", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    await t.answer([]);
    await query;
    t.socket.reconnect(true);
    expect(t.resyncs).toEqual([]);
    t.socket.reconnect(false);
    expect(t.resyncs).toEqual(["a"]);
    query.unsubscribe();
  });

  it("holds a resync asked for during the first fetch until the data has landed", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    t.socket.reconnect(false);
    expect(t.resyncs).toEqual([]);
    await t.answer([]);
    await query;
    await waitUntil(() => t.resyncs.length === 1);
    query.unsubscribe();
  });

  it("does not resync on the first connect of a socket that was not connected, before the data landed", async () => {
    const t = setup();
    t.socket.connected = false;
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    t.socket.reconnect(false);
    await t.answer([]);
    await query;
    await new Promise((r) => setTimeout(r, 20));
    expect(t.resyncs).toEqual([]);
    query.unsubscribe();
  });

  it("stops listening when the cache entry is removed", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a", { subscriptionOptions: {} }));
    await t.answer([]);
    await query;
    expect(t.socket.listenerCount("newReview")).toBe(1);
    expect(t.socket.listenerCount("connect")).toBe(1);
    query.unsubscribe();
    t.store.dispatch(t.testApi.util.resetApiState());
    await t.ended;
    expect(t.socket.listenerCount("newReview")).toBe(0);
    expect(t.socket.listenerCount("connect")).toBe(0);
  });

  it("applies nothing, and stops listening, when the entry goes before its first data", async () => {
    const t = setup();
    const query = t.store.dispatch(t.testApi.endpoints.getList.initiate("a"));
    t.push({ listId: "a", item: { id: "2", text: "never applied" } });
    query.unsubscribe();
    t.store.dispatch(t.testApi.util.resetApiState());
    await t.ended;
    expect(t.arrived).toEqual([]);
    expect(t.socket.listenerCount("newReview")).toBe(0);
    await t.answer([]);
  });
});
