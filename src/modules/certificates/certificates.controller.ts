import { formFields } from '../../common/http/form-fields.js';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { certificatePagePath, certificatesStaffPath, participantModel, staffModel } from './certificate-page-models.js';
import { CertificatesService } from './certificates.service.js';

type FormBody = Record<string, unknown>;

/** A participant's certificate page and downloads; the cohort staff's list, revocation and reissue. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly responder: PageResponder,
  ) {}

  @Get('certificate')
  async page(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.certificates.cohortAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    if (!access.enrolment) return reply.redirect(certificatesStaffPath(access), 303);
    const { eligibility, versions } = await this.certificates.participantView(access);
    const model = participantModel(access, eligibility, versions, this.responder.localeOf(request));
    // While the certificate is being made, the page looks again by itself (no script needed).
    if (model.issuing || (model.current && !model.current.ready && model.current.valid)) reply.header('refresh', '5');
    return this.responder.render(
      request,
      reply,
      'certificate',
      {
        title: this.responder.t(request, 'certificates.nav.certificate', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortPath(access.institute.slug, access.cohort.id), label: access.cohort.title },
        ],
      },
      model,
    );
  }

  @Get('certificates')
  async staffPage(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.certificates.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const rows = await this.certificates.staffRows(access);
    const query = request.query as Record<string, string | undefined>;
    const model = staffModel(access, rows, this.responder.localeOf(request));
    return this.responder.render(
      request,
      reply,
      'certificates-staff',
      {
        title: this.responder.t(request, 'certificates.nav.certificates', { cohort: access.cohort.title }),
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortPath(access.institute.slug, access.cohort.id), label: access.cohort.title },
        ],
      },
      {
        cohortTitle: access.cohort.title,
        rows: model,
        issuedCount: model.filter((row) => row.certificate).length,
        eligibleWithout: model.filter((row) => row.eligible && !row.certificate).length,
        notice: noticeOf(query),
        issueHref: `${certificatesStaffPath(access)}/issue-eligible`,
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('certificates/issue-eligible')
  async issueEligible(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.certificates.staffAccess(request.viewer, institute, cohortId);
    const queued = await this.certificates.issueEligible(access);
    return reply.redirect(`${certificatesStaffPath(access)}?queued=${queued}`, 303);
  }

  @Get('certificates/:certificateId/pdf')
  async pdf(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('certificateId') certificateId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const found = await loadForSignedIn(request, reply, async () => {
      const access = await this.certificates.cohortAccess(request.viewer, institute, cohortId);
      return { access, certificate: await this.certificates.certificateFor(access, certificateId) };
    });
    if (!found) return reply;
    const { access, certificate } = found;
    const file = await this.certificates.openPdf(certificate);
    if (!file)
      return reply.redirect(access.enrolment ? certificatePagePath(access) : certificatesStaffPath(access), 303);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="certificate-${certificate.serial}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-length', String(certificate.files!.pdfSizeBytes))
      .send(file);
  }

  @Get('certificates/:certificateId/credential.json')
  async credential(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('certificateId') certificateId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const found = await loadForSignedIn(request, reply, async () => {
      const access = await this.certificates.cohortAccess(request.viewer, institute, cohortId);
      return { access, certificate: await this.certificates.certificateFor(access, certificateId) };
    });
    if (!found) return reply;
    const json = await this.certificates.credentialJson(found.certificate);
    if (json === null)
      return reply.redirect(
        found.access.enrolment ? certificatePagePath(found.access) : certificatesStaffPath(found.access),
        303,
      );
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="certificate-${found.certificate.serial}.json"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(json);
  }

  @Post('certificates/:certificateId/revoke')
  async revoke(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('certificateId') certificateId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.certificates.staffAccess(request.viewer, institute, cohortId);
    await this.certificates.revoke(access, request.viewer!, certificateId, formFields(body).reason ?? '');
    return reply.redirect(`${certificatesStaffPath(access)}?revoked=1`, 303);
  }

  @Post('certificates/:certificateId/reissue')
  async reissue(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('certificateId') certificateId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.certificates.staffAccess(request.viewer, institute, cohortId);
    await this.certificates.reissue(access, request.viewer!, certificateId, {
      holderName: formFields(body).holderName ?? '',
      reason: formFields(body).reason ?? '',
    });
    return reply.redirect(`${certificatesStaffPath(access)}?reissued=1`, 303);
  }
}

/** The notice after an action, as a catalogue message (`certificates.notice.*`). */
function noticeOf(query: Record<string, string | undefined>): { key: string; values?: { count: number } } | null {
  if (query.queued !== undefined && /^\d+$/.test(query.queued))
    return { key: 'certificates.notice.queued', values: { count: Number(query.queued) } };
  if (query.revoked === '1') return { key: 'certificates.notice.revoked' };
  if (query.reissued === '1') return { key: 'certificates.notice.reissued' };
  return null;
}
