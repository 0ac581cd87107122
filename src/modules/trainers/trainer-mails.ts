import type { MailerService } from '../../infra/mail/mailer.service.js';
import { supportedLocaleOf, DEFAULT_LOCALE } from '../../infra/i18n/locales.js';
import type { TemplateRenderer } from '../../infra/templates/template-renderer.js';

export interface RecertificationReminder {
  email: string;
  fullName: string;
  preferredLanguage: string;
  courseTitle: string;
  validUntil: string;
  daysBefore: number;
  pathUrl: string;
}

/**
 * The one place the trainer path sends mail (recertification reminders), kept small so that it can move to the
 * notifications feature when that lands: it takes what it needs and says nothing about jobs or storage.
 */
export async function sendRecertificationReminder(
  mailer: Pick<MailerService, 'send'>,
  renderer: Pick<TemplateRenderer, 't'>,
  reminder: RecertificationReminder,
): Promise<void> {
  const locale = supportedLocaleOf(reminder.preferredLanguage) ?? DEFAULT_LOCALE;
  const values = {
    name: reminder.fullName,
    course: reminder.courseTitle,
    date: reminder.validUntil,
    days: reminder.daysBefore,
    url: reminder.pathUrl,
  };
  const subject = renderer.t(locale, 'trainers.mail.reminder.subject', values);
  const body = renderer.t(locale, 'trainers.mail.reminder.body', values);
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  await mailer.send({
    to: reminder.email,
    subject,
    text: `${body}\n\n${reminder.pathUrl}\n`,
    html: `<p>${escape(body)}</p><p><a href="${escape(reminder.pathUrl)}">${escape(reminder.pathUrl)}</a></p>`,
  });
}
