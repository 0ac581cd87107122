import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module.js';
import { NotificationJobsProcessor } from './jobs/notification-jobs.processor.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import { NotificationEventsService } from './notification-events.service.js';
import { NotificationScanService } from './notification-scan.service.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Notifications in the worker: scan, events and mail delivery. */
@Module({
  imports: [MailModule],
  providers: [
    NotificationsRepository,
    NotificationScanService,
    NotificationEventsService,
    NotificationDeliveryService,
    NotificationJobsProcessor,
  ],
  exports: [NotificationJobsProcessor],
})
export class NotificationJobsModule {}
