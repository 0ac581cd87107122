import { Module } from '@nestjs/common';
import { CapturedMailsRepository } from './captured-mails.repository.js';
import { MailCaptureServer } from './mail-capture.server.js';
import { MailRenderer } from './mail-renderer.js';
import { MailerService } from './mailer.service.js';

/** Sending mail: the SMTP transport and the mail templates (used by the worker's jobs). */
@Module({
  providers: [MailerService, { provide: MailRenderer, useFactory: () => new MailRenderer() }],
  exports: [MailerService, MailRenderer],
})
export class MailModule {}

/** The development capture server (started when MAIL_CAPTURE is true) and the captured mails; API process only. */
@Module({
  providers: [CapturedMailsRepository, MailCaptureServer],
  exports: [CapturedMailsRepository],
})
export class MailCaptureModule {}
