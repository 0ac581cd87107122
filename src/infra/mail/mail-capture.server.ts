import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { CapturedMailsRepository } from './captured-mails.repository.js';

export const CAPTURE_SIZE_LIMIT = 2 * 1024 * 1024;

function recipients(session: SMTPServerSession, header: AddressObject | AddressObject[] | undefined): string {
  const envelope = session.envelope.rcptTo.map((recipient) => recipient.address).join(', ');
  if (envelope) return envelope;
  return (Array.isArray(header) ? header : header ? [header] : []).map((address) => address.text).join(', ');
}

function smtpError(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A real SMTP server on loopback for development and tests (MAIL_CAPTURE): it accepts every message, with no
 * authentication and no TLS, and keeps it in PostgreSQL so that the API can show what the worker sent. It
 * runs in the API process only; a port already taken (another app on this machine) is a warning, not a crash.
 */
@Injectable()
export class MailCaptureServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailCaptureServer.name);
  private server: SMTPServer | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly mails: CapturedMailsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.MAIL_CAPTURE) return;
    const url = new URL(this.config.SMTP_URL);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 25));
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      disableReverseLookup: true,
      size: CAPTURE_SIZE_LIMIT,
      banner: 'Cascade mail capture (development only)',
      closeTimeout: 1_000,
      logger: false,
      onData: (stream, session, callback) => {
        this.capture(stream, session).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    const listening = await new Promise<boolean>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        this.logger.warn(`mail capture not started on ${host}:${port}: ${error.code ?? error.message}`);
        resolve(false);
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (!listening) return;
    server.on('error', (error) => this.logger.warn(`mail capture: ${error.message}`));
    this.server = server;
    this.logger.log(`capturing mail on smtp://${host}:${port}, shown at /dev/mailbox`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async capture(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    if (stream.sizeExceeded) throw smtpError(`Message exceeds the limit of ${CAPTURE_SIZE_LIMIT} bytes`, 552);
    await this.mails.store({
      to: recipients(session, parsed.to),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
    });
  }
}
