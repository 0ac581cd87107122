import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsRepository, type SessionUser } from './accounts.repository.js';
import { LoginFailedError } from './accounts.errors.js';
import { decoyHash, verifyPassword } from './domain/passwords.js';
import { LoginThrottle } from './login-throttle.js';

export const SESSION_COOKIE = 'cascade_session';
export const SESSION_DAYS = 14;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Checks the password and opens a session; returns the token for the cookie. */
  async logIn(
    email: string,
    password: string,
    ip: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    await this.throttle.assertAllowed(email, ip);
    const user = await this.repository.findUserByEmail(email);
    // Verify against a decoy when there is no usable account, so the answer takes as long either way.
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !user.passwordHash || user.disabledAt || !valid) {
      await this.throttle.recordFailure(email, ip);
      throw new LoginFailedError();
    }
    await this.throttle.recordSuccess(email, ip);
    return this.openSession(user.id, now);
  }

  /** Opens a session for someone already proven to be this user; returns the token for the cookie. */
  async openSession(userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000);
    await this.repository.createSession(hashToken(token), userId, expiresAt);
    return { token, expiresAt };
  }

  async logOut(token: string): Promise<void> {
    await this.repository.deleteSession(hashToken(token));
  }

  findSessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
    return this.repository.findSessionUser(hashToken(token), now);
  }
}
