import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { localeOf } from '../../common/http/request-locale.js';
import { MessageCatalog } from '../../infra/i18n/message-catalog.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('api/me/notifications')
export class NotificationsApiController {
  private readonly messages: MessageCatalog;

  constructor(
    private readonly notifications: NotificationsService,
    renderer: TemplateRenderer,
  ) {
    this.messages = renderer.messages;
  }

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with the unread count (in the request language)' })
  async list(@Req() request: FastifyRequest) {
    const locale = localeOf(request);
    // One after the other: two parallel rejections (not signed in) would leave one unhandled and end the process.
    const entries = await this.notifications.inbox(request.viewer, locale);
    const unread = await this.notifications.unreadCount(request.viewer);
    return {
      unread,
      notifications: entries.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        text: this.messages.format(locale, entry.summaryKey, entry.values),
        href: entry.href,
        createdAt: entry.createdAt.toISOString(),
        read: !entry.unread,
      })),
    };
  }
}
