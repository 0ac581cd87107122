import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { CapturedMailsRepository } from '../../infra/mail/captured-mails.repository.js';
import { MailboxNotFoundError } from './dev-mailbox.errors.js';
import { formatReceivedAt, linksIn } from './domain/mail-links.js';

const LIST_LIMIT = 200;

/** What the capture server kept, for a developer or a test to read. Only when MAIL_CAPTURE is on, never in production. */
@Injectable()
export class DevMailboxService {
  constructor(
    private readonly mails: CapturedMailsRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async list() {
    this.assertEnabled();
    const mails = await this.mails.listNewest(LIST_LIMIT);
    return {
      mails: mails.map((mail) => ({
        id: mail.id,
        to: mail.to,
        subject: mail.subject || '(no subject)',
        receivedAt: formatReceivedAt(mail.receivedAt),
      })),
    };
  }

  async show(id: string) {
    this.assertEnabled();
    const mail = isUuid(id) ? await this.mails.findById(id) : null;
    if (!mail) throw new MailboxNotFoundError();
    return {
      to: mail.to,
      subject: mail.subject || '(no subject)',
      receivedAt: formatReceivedAt(mail.receivedAt),
      text: mail.text,
      links: linksIn(mail.text),
      hasHtml: mail.html !== null,
    };
  }

  private assertEnabled(): void {
    if (this.config.NODE_ENV === 'production' || !this.config.MAIL_CAPTURE) throw new MailboxNotFoundError();
  }
}
