import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailRenderer } from '../../infra/mail/mail-renderer.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { InstitutesService } from '../institutes/institutes.service.js';
import { AccountNotFoundError } from './accounts.errors.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { authTokenExpiry, newAuthToken } from './domain/auth-tokens.js';

const ROLE_LABELS = {
  participant: 'a participant',
  trainer: 'a trainer',
  admin: 'an institute administrator',
} as const;

/** Makes a single-use link for a person and e-mails it (run by the worker, see AccountMailProcessor). */
@Injectable()
export class TokenMailService {
  constructor(
    private readonly tokens: AuthTokensRepository,
    private readonly institutes: InstitutesService,
    private readonly mailer: MailerService,
    private readonly renderer: MailRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A retry after an SMTP failure makes a new token: the earlier one was never delivered and simply expires.
   * Throws AccountNotFoundError when the person is gone or disabled (nothing to retry).
   */
  async send(request: JobPayloads['accounts.send-token-mail'], now = new Date()): Promise<{ to: string }> {
    const user = await this.tokens.findUserById(request.userId);
    if (!user || user.disabledAt) throw new AccountNotFoundError();
    const { token, tokenHash } = newAuthToken();
    await this.tokens.createToken({
      tokenHash,
      userId: user.id,
      purpose: request.purpose,
      instituteId: request.instituteId,
      role: request.role,
      expiresAt: authTokenExpiry(request.purpose, now),
    });
    const link = new URL('/password/set', this.config.PUBLIC_URL);
    link.searchParams.set('token', token);
    const context = { fullName: user.fullName, link: link.toString() };
    if (request.purpose === 'password-reset') {
      await this.mailer.send({
        to: user.email,
        subject: 'Choose a new password for Cascade',
        ...this.renderer.render('password-reset', context),
      });
    } else {
      const [institute] = request.instituteId ? await this.institutes.listByIds([request.instituteId]) : [];
      const invitation = {
        ...context,
        instituteName: institute?.name ?? null,
        roleLabel: request.role ? ROLE_LABELS[request.role] : null,
      };
      await this.mailer.send({
        to: user.email,
        subject: institute ? `You are invited to ${institute.name} on Cascade` : 'You are invited to Cascade',
        ...this.renderer.render('invitation', invitation),
      });
    }
    return { to: user.email };
  }
}
