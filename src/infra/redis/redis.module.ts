import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { redisConnectionOptions } from '../queue/redis-connection.js';

export const REDIS = Symbol('REDIS');

/** A plain Redis client for counters and short-lived keys (login throttling); queues have their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      // Fail fast rather than queue commands while Redis is away: callers decide what a failure means.
      useFactory: (config: AppConfig) =>
        new Redis({ ...redisConnectionOptions(config.REDIS_URL), maxRetriesPerRequest: 2 }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
