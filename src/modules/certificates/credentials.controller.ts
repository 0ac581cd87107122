import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicReadOnlyPost } from '../../common/http/csrf.guard.js';
import { CertificateCredentialsService } from './certificate-credentials.service.js';
import { CertificateNotFoundError } from './certificates.errors.js';

/** Public Open Badges documents (issuer profiles, status lists) and the verification API; no log-in. */
@ApiTags('credentials')
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CertificateCredentialsService) {}

  @Get('credentials/issuers/:issuer')
  @ApiOperation({ summary: "An institute's Open Badges issuer profile (JSON-LD) with its public key" })
  async issuer(@Param('issuer') issuer: string, @Res() reply: FastifyReply) {
    const profile = /^[a-z0-9-]{1,80}$/.test(issuer) ? await this.credentials.issuerProfile(issuer) : null;
    if (!profile) throw new CertificateNotFoundError();
    return sendJsonLd(reply, profile, 'public, max-age=300');
  }

  @Get('credentials/issuers/:issuer/status/:list')
  @ApiOperation({ summary: "An institute's signed revocation list (W3C Bitstring Status List)" })
  async statusList(@Param('issuer') issuer: string, @Param('list') list: string, @Res() reply: FastifyReply) {
    const found =
      /^[a-z0-9-]{1,80}$/.test(issuer) && /^\d{1,6}$/.test(list)
        ? await this.credentials.statusList(issuer, Number(list))
        : null;
    if (!found) throw new CertificateNotFoundError();
    // A revocation must be seen at once: verifiers may keep the list a minute at most.
    return sendJsonLd(reply, found, 'public, max-age=60');
  }

  @Post('api/v1/credentials/verify')
  @PublicReadOnlyPost()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify an Open Badges 3.0 credential issued by Cascade',
    description:
      'The body is the credential JSON (as downloaded, or taken out of the certificate PDF). The answer says valid, tampered, revoked, expired or invalid, with the reasons.',
  })
  @ApiBody({ schema: { type: 'object', description: 'The OpenBadgeCredential as JSON' } })
  @ApiOkResponse({
    description: '{ verdict, reasons, credentialId?, issuerId?, holderName?, achievementName?, validFrom? }',
  })
  async verify(@Body() body: unknown) {
    return this.credentials.verify(body);
  }
}

function sendJsonLd(reply: FastifyReply, document: Record<string, unknown>, cacheControl: string) {
  return reply
    .header('content-type', 'application/ld+json; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(document, null, 2));
}
