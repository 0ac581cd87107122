import { Module } from '@nestjs/common';
import { CapturedMailsRepository } from './captured-mails.repository.js';
import { MailCaptureServer } from './mail-capture.server.js';
import { MailRenderer } from './mail-renderer.js';
import { MailerService } from './mailer.service.js';
import { TemplateRenderer } from '../templates/template-renderer.js';

/** Sending mail: the SMTP transport and the mail templates (used by the worker's jobs). */
@Module({
  providers: [
    MailerService,
    // One message catalogue for pages and mails (TemplatesModule is global in both processes).
    {
      provide: MailRenderer,
      inject: [TemplateRenderer],
      useFactory: (templates: TemplateRenderer) => new MailRenderer(templates.messages),
    },
  ],
  exports: [MailerService, MailRenderer],
})
export class MailModule {}

/** The development capture server (started when MAIL_CAPTURE is true) and the captured mails; API process only. */
@Module({
  providers: [CapturedMailsRepository, MailCaptureServer],
  exports: [CapturedMailsRepository],
})
export class MailCaptureModule {}
