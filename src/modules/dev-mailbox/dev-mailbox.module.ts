import { Module } from '@nestjs/common';
import { MailCaptureModule } from '../../infra/mail/mail.module.js';
import { DevMailboxController } from './dev-mailbox.controller.js';
import { DevMailboxService } from './dev-mailbox.service.js';

/** /dev/mailbox: the mail the capture server kept (development and tests only). API process only. */
@Module({
  imports: [MailCaptureModule],
  controllers: [DevMailboxController],
  providers: [DevMailboxService],
})
export class DevMailboxModule {}
