import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { kindKey } from './domain/notification-content.js';
import { emailSettingsFromForm, NOTIFICATION_KINDS } from './domain/notification-kinds.js';
import { NotificationsService } from './notifications.service.js';

/** The signed-in person's notification pages: e-mail preferences and the in-app list. */
@ApiExcludeController()
@Controller('me/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async preferences(
    @Query('saved') saved: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const settings = await loadForSignedIn(request, reply, () => this.notifications.preferences(request.viewer));
    if (!settings) return reply;
    return this.responder.render(
      request,
      reply,
      'notification-preferences',
      {
        title: this.responder.t(request, 'notifications.preferences.title'),
        trail: [{ href: '/me', label: request.viewer!.fullName }],
      },
      {
        saved: saved === '1',
        csrfToken: reply.generateCsrf(),
        kinds: NOTIFICATION_KINDS.map((kind) => ({
          kind,
          labelKey: `notifications.kinds.${kindKey(kind)}`,
          email: settings[kind],
        })),
      },
    );
  }

  @Post()
  async savePreferences(
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.notifications.savePreferences(request.viewer, emailSettingsFromForm(formFields(body)));
    return reply.redirect('/me/notifications?saved=1', 303);
  }

  @Get('inbox')
  async inbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.responder.localeOf(request);
    const entries = await loadForSignedIn(request, reply, () => this.notifications.inbox(request.viewer, locale));
    if (!entries) return reply;
    return this.responder.render(
      request,
      reply,
      'notification-inbox',
      {
        title: this.responder.t(request, 'notifications.inbox.title'),
        trail: [{ href: '/me', label: request.viewer!.fullName }],
      },
      {
        csrfToken: reply.generateCsrf(),
        unreadCount: entries.filter((entry) => entry.unread).length,
        entries: entries.map((entry) => ({
          href: entry.href,
          unread: entry.unread,
          summary: this.responder.t(locale, entry.summaryKey, entry.values),
          createdAt: entry.createdAt,
          createdAtIso: entry.createdAt.toISOString(),
        })),
      },
    );
  }

  @Post('inbox/read')
  async markAllRead(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.notifications.markAllRead(request.viewer);
    return reply.redirect('/me/notifications/inbox', 303);
  }
}
