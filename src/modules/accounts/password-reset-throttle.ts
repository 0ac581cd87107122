import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { LoginThrottledError } from './accounts.errors.js';

const WINDOW_SECONDS = 60 * 60;
// Per address typed: no one's mailbox is flooded with links. Per client: no one probes thousands of addresses.
// Every request counts, whether an account exists or not, so the limit itself tells nothing.
const MAX_REQUESTS_PER_EMAIL = 3;
const MAX_REQUESTS_PER_IP = 20;

/** Counts password-reset requests in Redis, shared by every API process. */
@Injectable()
export class PasswordResetThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts this request, and refuses it when over the limit. */
  async recordRequest(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = this.keys(email, ip);
    const results = await this.redis
      .multi()
      .incr(byEmail)
      .expire(byEmail, WINDOW_SECONDS, 'NX')
      .incr(byIp)
      .expire(byIp, WINDOW_SECONDS, 'NX')
      .exec();
    const emailCount = Number(results?.[0]?.[1] ?? 0);
    const ipCount = Number(results?.[2]?.[1] ?? 0);
    if (emailCount > MAX_REQUESTS_PER_EMAIL || ipCount > MAX_REQUESTS_PER_IP) {
      const ttl = Math.max(await this.redis.ttl(emailCount > MAX_REQUESTS_PER_EMAIL ? byEmail : byIp), 1);
      throw new LoginThrottledError(ttl);
    }
  }

  private keys(email: string, ip: string): [string, string] {
    const emailKey = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    const prefix = `${this.config.REDIS_PREFIX}:password-reset`;
    return [`${prefix}:email:${emailKey}`, `${prefix}:ip:${ip}`];
  }
}
