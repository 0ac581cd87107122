import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';

/** The stylesheet and the few script enhancements, under content-hashed names so browsers keep them for a year. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get(':file')
  stylesheet(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = this.renderer.assetAt(`/assets/${file}`);
    if (!asset) throw new DomainError('ASSET_NOT_FOUND', `No asset ${file}`);
    return reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', asset.etag)
      .send(asset.body);
  }
}
