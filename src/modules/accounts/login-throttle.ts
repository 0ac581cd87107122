import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { LoginThrottledError } from './accounts.errors.js';

const WINDOW_SECONDS = 15 * 60;
// Per account: slows guessing one person's password. Per address: slows trying many accounts.
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 50;

/** Counts failed log-ins in Redis, shared by every API process. */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = this.keys(email, ip);
    const [emailCount, ipCount] = (await this.redis.mget(byEmail, byIp)).map((value) => Number(value ?? 0));
    if (emailCount >= MAX_FAILURES_PER_EMAIL || ipCount >= MAX_FAILURES_PER_IP) {
      const ttl = Math.max(await this.redis.ttl(emailCount >= MAX_FAILURES_PER_EMAIL ? byEmail : byIp), 1);
      throw new LoginThrottledError(ttl);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of this.keys(email, ip)) pipeline.incr(key).expire(key, WINDOW_SECONDS, 'NX');
    await pipeline.exec();
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip)[0]);
  }

  private keys(email: string, ip: string): [string, string] {
    const emailKey = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    const prefix = `${this.config.REDIS_PREFIX}:login-failures`;
    return [`${prefix}:email:${emailKey}`, `${prefix}:ip:${ip}`];
  }
}
