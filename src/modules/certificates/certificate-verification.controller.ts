import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { CertificateVerificationService } from './certificate-verification.service.js';
import { normaliseVerificationCode } from './domain/certificate-identifiers.js';

/** Public: anyone with a certificate's code (printed, or in its QR code) checks it here, without logging in. */
@ApiExcludeController()
@Controller('verify')
export class CertificateVerificationController {
  constructor(
    private readonly verification: CertificateVerificationService,
    private readonly responder: PageResponder,
  ) {}

  /** The form to type a code; with `?code=` it goes to that code's page. */
  @Get()
  form(@Query('code') code: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const normalised = typeof code === 'string' ? normaliseVerificationCode(code) : null;
    if (normalised) return reply.redirect(`/verify/${normalised}`, 303);
    return this.responder.render(
      request,
      reply,
      'certificate-verify-form',
      { title: this.responder.t(request, 'certificates.verify.formTitle') },
      { invalid: typeof code === 'string' && code.length > 0, code: typeof code === 'string' ? code : '' },
      typeof code === 'string' && code.length > 0 ? 422 : 200,
    );
  }

  @Get(':code')
  async page(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.verification.byCode(code, this.responder.localeOf(request));
    return this.responder.render(
      request,
      reply,
      'certificate-verify',
      {
        title: this.responder.t(request, 'certificates.verify.title', { serial: model.serial }),
        description: this.responder.t(request, 'certificates.verify.description', {
          serial: model.serial,
          institute: model.instituteName,
        }),
      },
      model,
    );
  }
}
