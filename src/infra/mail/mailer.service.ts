import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { CONFIG, type AppConfig } from '../../config/config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail through the SMTP server of SMTP_URL (in development and tests: the capture server). */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(CONFIG) config: AppConfig) {
    // Short timeouts: a job that cannot reach the server fails and is retried with backoff, not held for minutes.
    this.transport = createTransport(
      { url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from: config.MAIL_FROM },
    );
  }

  /** Resolves once the server has accepted the message; rejects on any SMTP or network failure. */
  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail(mail);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
