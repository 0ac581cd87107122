import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailRenderer, mailLocaleOf } from '../../infra/mail/mail-renderer.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import { kindKey, messageValues, notificationPath } from './domain/notification-content.js';
import { unsubscribePath } from './domain/unsubscribe-link.js';
import { NotificationsRepository, type DeliveryTarget } from './notifications.repository.js';

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-done' | 'missing';

/**
 * E-mails one notification, in its recipient's language, once. The row is locked while the mail is sent and marked
 * `emailed_at` in the same transaction: a second delivery of the same notification (a duplicated job, a retry after
 * the mark committed) waits on the lock and then finds it sent. An SMTP failure rolls the transaction back and the
 * job is retried with backoff. What cannot be avoided: the SMTP server accepted the mail and then the commit failed
 * (crash, lost connection) — the retry sends it again. Delivery is at least once, never silently zero.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly mailer: MailerService,
    private readonly renderer: MailRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(notificationId: string): Promise<DeliveryOutcome> {
    return this.repository.transaction(async (manager) => {
      const target = await this.repository.lockForDelivery(manager, notificationId);
      if (!target) return 'missing';
      if (target.emailedAt || target.emailSkippedAt) return 'already-done';
      // The row stays in the in-app list; only the mail is left out.
      if (target.disabled || target.emailPreference === false) {
        await this.repository.markEmailSkipped(manager, notificationId);
        return 'skipped';
      }
      await this.mailer.send({ to: target.email, ...this.compose(target) });
      await this.repository.markEmailed(manager, notificationId);
      return 'sent';
    });
  }

  /** Subject and bodies in the recipient's language (their preferred language when Cascade speaks it, else English). */
  compose(target: Pick<DeliveryTarget, 'userId' | 'kind' | 'payload' | 'fullName' | 'preferredLanguage'>) {
    const locale = mailLocaleOf(target.preferredLanguage);
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    const values = messageValues(target.kind, target.payload, locale);
    const context = {
      fullName: target.fullName,
      values,
      payload: target.payload,
      link: `${base}${notificationPath(target.kind, target.payload)}`,
      verifyLink:
        typeof target.payload.verificationCode === 'string' ? `${base}/verify/${target.payload.verificationCode}` : '',
      preferencesLink: `${base}/me/notifications`,
      unsubscribeLink: `${base}${unsubscribePath(this.config.SESSION_SECRET, target.userId, target.kind)}`,
    };
    return {
      subject: this.renderer.t(locale, `notifications.${kindKey(target.kind)}.subject`, values),
      ...this.renderer.render(`notification-${target.kind}`, context, locale),
    };
  }
}
