// The one Redis connection factory for BullMQ queues and workers.
import { Redis, type RedisOptions } from "ioredis";

/** Workers need `maxRetriesPerRequest: null` so blocking commands survive reconnects. */
export function createRedisConnection(url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379", options: RedisOptions = {}) {
  return new Redis(url, { maxRetriesPerRequest: null, ...options });
}
