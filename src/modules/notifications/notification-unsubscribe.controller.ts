import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { kindKey } from './domain/notification-content.js';
import { verifyUnsubscribe } from './domain/unsubscribe-link.js';
import { UnsubscribeLinkInvalidError } from './notifications.errors.js';
import { NotificationsService } from './notifications.service.js';

/**
 * The one-click unsubscribe link of each optional mail, usable without logging in: GET shows a confirmation form
 * (so that a mail scanner following links changes nothing), POST turns that kind of mail off for that person.
 */
@ApiExcludeController()
@Controller('notifications/unsubscribe')
export class NotificationUnsubscribeController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly responder: PageResponder,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  confirm(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const fields = formFields(query);
    const link = this.verified(fields);
    return this.responder.render(
      request,
      reply,
      'notification-unsubscribe',
      { title: this.responder.t(request, 'notifications.unsubscribe.title') },
      {
        done: fields.done === '1',
        csrfToken: reply.generateCsrf(),
        user: link.userId,
        kind: link.kind,
        signature: fields.signature,
        kindLabel: this.responder.t(request, `notifications.kinds.${kindKey(link.kind)}`),
      },
    );
  }

  @Post()
  async apply(@Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const fields = formFields(body);
    const link = this.verified(fields);
    await this.notifications.unsubscribe(link.userId, link.kind);
    const query = new URLSearchParams({ user: link.userId, kind: link.kind, signature: fields.signature, done: '1' });
    return reply.redirect(`/notifications/unsubscribe?${query.toString()}`, 303);
  }

  private verified(fields: Record<string, string>) {
    const link = verifyUnsubscribe(this.config.SESSION_SECRET, fields);
    if (!link) throw new UnsubscribeLinkInvalidError();
    return link;
  }
}
