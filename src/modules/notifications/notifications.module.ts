import { Module } from '@nestjs/common';
import { NotificationUnsubscribeController } from './notification-unsubscribe.controller.js';
import { NotificationsApiController } from './notifications-api.controller.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Notifications in the API: the in-app list, the preferences page and the JSON list. */
@Module({
  controllers: [NotificationsController, NotificationsApiController, NotificationUnsubscribeController],
  providers: [NotificationsRepository, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
