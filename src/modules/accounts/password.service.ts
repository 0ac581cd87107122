import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AccountsRepository } from './accounts.repository.js';
import { AuthTokenInvalidError, PasswordRejectedError } from './accounts.errors.js';
import { AccountsService } from './accounts.service.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import {
  authTokenProblem,
  hashAuthToken,
  isWellFormedAuthToken,
  tokenMailJobId,
  type AuthTokenPurpose,
} from './domain/auth-tokens.js';
import { hashPassword, passwordProblem } from './domain/passwords.js';
import { PasswordResetThrottle } from './password-reset-throttle.js';

/** Forgotten passwords and e-mailed links: ask for a link, check it, choose a password with it. */
@Injectable()
export class PasswordService {
  constructor(
    private readonly accountsRepository: AccountsRepository,
    private readonly tokens: AuthTokensRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditRepository,
    private readonly throttle: PasswordResetThrottle,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Sends a reset link when an active account has this e-mail, and nothing otherwise; the caller answers the
   * same either way, so no one learns who has an account.
   */
  async requestReset(email: string, ip: string, now = new Date()): Promise<void> {
    await this.throttle.recordRequest(email, ip);
    const user = await this.accountsRepository.findUserByEmail(email);
    if (!user || user.disabledAt) return;
    const request = { userId: user.id, purpose: 'password-reset' as const, instituteId: null, role: null };
    await this.jobs.enqueue('accounts.send-token-mail', request, { jobId: tokenMailJobId(request, now) });
  }

  /** What a link is for, or AuthTokenInvalidError: checked before showing the form. */
  async checkToken(token: string, now = new Date()): Promise<{ purpose: AuthTokenPurpose }> {
    const stored = isWellFormedAuthToken(token) ? await this.tokens.findToken(hashAuthToken(token)) : null;
    const problem = authTokenProblem(stored, now);
    if (problem || !stored) throw new AuthTokenInvalidError(problem ?? 'unknown');
    return { purpose: stored.purpose };
  }

  /**
   * Sets the password with a link, once: the token is spent, the password stored, an invitation's role
   * granted, other sessions ended and the change audited in one transaction. Returns a new session.
   */
  async setPassword(token: string, password: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const problem = passwordProblem(password);
    if (problem) throw new PasswordRejectedError(problem);
    if (!isWellFormedAuthToken(token)) throw new AuthTokenInvalidError('unknown');
    const tokenHash = hashAuthToken(token);
    // Hashed before the transaction: argon2 takes tens of milliseconds and needs no lock.
    const passwordHash = await hashPassword(password);
    const userId = await this.accountsRepository.transaction(async (manager) => {
      const consumed = await this.tokens.consumeToken(manager, tokenHash, now);
      if (!consumed) {
        const stored = await this.tokens.findToken(tokenHash);
        throw new AuthTokenInvalidError(authTokenProblem(stored, now) ?? 'used');
      }
      const user = await this.tokens.lockUser(manager, consumed.userId);
      // Rolling back leaves the token unused: re-enabling the account makes the link work again until it expires.
      if (!user || user.disabledAt) throw new AuthTokenInvalidError('unknown');
      await this.tokens.setPasswordHash(manager, user.id, passwordHash);
      await this.tokens.deleteSessionsOfUser(manager, user.id);
      if (consumed.purpose === 'invitation' && consumed.instituteId && consumed.role) {
        await this.accountsRepository.grantRole(manager, {
          instituteId: consumed.instituteId,
          userId: user.id,
          role: consumed.role,
          actorUserId: user.id,
        });
      }
      await this.audit.append(manager, {
        instituteId: consumed.instituteId,
        actorUserId: user.id,
        action: 'password.set',
        entityType: 'user',
        entityId: user.id,
        after: { purpose: consumed.purpose, hadPassword: user.passwordHash !== null },
      });
      return user.id;
    });
    return this.accounts.openSession(userId, now);
  }
}
