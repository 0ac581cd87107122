import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailRenderer, mailLocaleOf } from '../../infra/mail/mail-renderer.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { InstitutesService } from '../institutes/institutes.service.js';
import { AccountNotFoundError } from './accounts.errors.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { authTokenExpiry, newAuthToken } from './domain/auth-tokens.js';

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
    // In the person's own language (strings in the notifications catalogue, like every mail).
    const locale = mailLocaleOf(user.preferredLanguage);
    if (request.purpose === 'password-reset') {
      await this.mailer.send({
        to: user.email,
        subject: this.renderer.t(locale, 'notifications.passwordReset.subject'),
        ...this.renderer.render('password-reset', context, locale),
      });
    } else {
      const [institute] = request.instituteId ? await this.institutes.listByIds([request.instituteId]) : [];
      const values = {
        hasInstitute: institute ? 'yes' : 'no',
        institute: institute?.name ?? '',
        role: request.role ?? 'none',
      };
      await this.mailer.send({
        to: user.email,
        subject: this.renderer.t(locale, 'notifications.invitation.subject', values),
        ...this.renderer.render('invitation', { ...context, ...values }, locale),
      });
    }
    return { to: user.email };
  }
}
