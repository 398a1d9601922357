// The one Redis connection factory for BullMQ queues and workers.
import { Redis, type RedisOptions } from "ioredis";

/** Workers need `maxRetriesPerRequest: null` so blocking commands survive reconnects. */
export function createRedisConnection(url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379", options: RedisOptions = {}) {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  // ioredis reconnects by itself; say so once per outage instead of an "unhandled error" per retry.
  let isDown = false;
  redis.on("error", (error) => {
    if (!isDown) console.warn(`Redis ${url}: ${error.message} (reconnecting)`);
    isDown = true;
  });
  redis.on("ready", () => (isDown = false));
  return redis;
}
