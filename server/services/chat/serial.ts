import { runtime } from "../../runtime";

/**
 * Runs tasks with the same key one after another (within this process): a burst of messages sent
 * without waiting for acks must not race past the "already notified?" check. Keys are dropped once idle.
 */
export function serially<T>(key: string, task: () => Promise<T>): Promise<T> {
  const tails = runtime.store("chat-serial", () => new Map<string, Promise<unknown>>());
  const prev = tails.get(key) ?? Promise.resolve();
  const run = prev.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
