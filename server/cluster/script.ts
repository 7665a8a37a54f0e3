import { createHash } from "node:crypto";
import type { RedisClientType, RedisDefaultModules } from "redis";

/** The Redis client type we use (node-redis 6, RESP2, no modules). Type-only here: route bundles need not load `redis`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- node-redis spells "no functions, no scripts" as {}
export type Redis = RedisClientType<RedisDefaultModules, {}, {}, 2>;

/** A Lua script run by its SHA (EVALSHA), loaded again after a Redis restart forgot it (NOSCRIPT). */
export class Script {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(client: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      return client.eval(this.source, options);
    }
  }
}
