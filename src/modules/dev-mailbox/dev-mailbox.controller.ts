import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { DevMailboxService } from './dev-mailbox.service.js';

@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(
    private readonly mailbox: DevMailboxService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.mailbox.list();
    return this.responder.render(
      request,
      reply,
      'mailbox',
      { title: this.responder.t(request, 'devMailbox.pageTitle') },
      model,
    );
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.mailbox.show(id);
    return this.responder.render(
      request,
      reply,
      'mailbox-message',
      { title: model.subject, trail: [{ href: '/dev/mailbox', label: this.responder.t(request, 'devMailbox.title') }] },
      model,
    );
  }
}
