import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';

/** The one stylesheet, under a content-hashed name so browsers keep it for a year. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get(':file')
  stylesheet(@Param('file') file: string, @Res() reply: FastifyReply) {
    const { stylesheet } = this.renderer;
    if (`/assets/${file}` !== stylesheet.href) throw new DomainError('ASSET_NOT_FOUND', `No asset ${file}`);
    return reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', stylesheet.etag)
      .send(stylesheet.body);
  }
}
