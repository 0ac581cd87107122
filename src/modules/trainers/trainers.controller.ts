import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formFields } from '../../common/http/form-fields.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { uploadedFileName } from '../../common/http/uploaded-files.js';
import { attachmentDisposition } from '../capstones/domain/file-type.js';
import {
  CertificateFormError,
  CertificateNotFoundError,
  CertificateStateError,
} from '../certificates/certificates.errors.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { InstituteRoleGuard, InstituteRoles } from '../institutes/institute-role.guard.js';
import { TRAINER_EVENTS, type TrainerEvent } from './domain/stages.js';
import { TrainerActivitiesService } from './trainer-activities.service.js';
import { TrainerPagesService } from './trainer-pages.service.js';
import { mayRevokeTrainerCertificate, pathUrl, TrainerPathService, type PathAccess } from './trainer-path.service.js';
import { TrainerFormInvalidError, TrainerTransitionRefusedError } from './trainers.errors.js';

type FormBody = Record<string, unknown>;
type InstituteRequest = FastifyRequest<{ Params: { institute: string } }>;

/**
 * The trainer-of-trainers path: an institute's overview and nominations, one person's path per course (stages,
 * teach-back, calibration, co-facilitation, certification). Plain forms: POST, then 303 back to the page; a
 * refused step re-renders the page with its reason (422).
 */
@ApiExcludeController()
@Controller('i/:institute/trainers')
export class TrainersController {
  constructor(
    private readonly paths: TrainerPathService,
    private readonly activities: TrainerActivitiesService,
    private readonly pages: TrainerPagesService,
    private readonly certificates: CertificatesService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  @UseGuards(InstituteRoleGuard)
  @InstituteRoles('participant', 'trainer', 'admin')
  async overview(@Req() request: InstituteRequest, @Res() reply: FastifyReply) {
    return this.renderOverview(request, reply, null, 200);
  }

  @Post('nominations')
  @UseGuards(InstituteRoleGuard)
  @InstituteRoles('admin')
  async nominate(@Body() body: FormBody, @Req() request: InstituteRequest, @Res() reply: FastifyReply) {
    const fields = formFields(body);
    const institute = request.institute!;
    try {
      // One radio per candidate: "<userId>|<courseId>".
      const [userId = '', courseId = ''] = (fields.candidate ?? '').split('|');
      const access = await this.paths.access(request.viewer, institute.slug, userId, courseId);
      await this.paths.apply(access, 'nominate', { note: fields.note ?? '' });
      return reply.redirect(pathUrl(institute.slug, access.person.userId, access.course.id), 303);
    } catch (error) {
      if (error instanceof TrainerTransitionRefusedError)
        return this.renderOverview(request, reply, this.refusalText(request, error), 422);
      throw error;
    }
  }

  @Get('people/:userId/courses/:courseId')
  async path(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.paths.access(request.viewer, institute, userId, courseId),
    );
    if (!access) return reply;
    return this.renderPath(request, reply, access, null, 200);
  }

  @Post('people/:userId/courses/:courseId/events')
  async event(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const fields = formFields(body);
    const event = (fields.event ?? '') as TrainerEvent;
    if (!TRAINER_EVENTS.includes(event) || event === 'lapse' || event === 'nominate')
      return this.renderPath(request, reply, access, this.responder.t(request, 'trainers.problems.event'), 422);
    return this.attempt(request, reply, access, () =>
      this.paths.apply(access, event, { cohortId: fields.cohortId || null, note: fields.note ?? '' }),
    );
  }

  /** urlencoded (link, live) or multipart/form-data (with `file`). */
  @Post('people/:userId/courses/:courseId/teach-backs')
  async teachBack(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const body = (request.body ?? {}) as FormBody;
    const fields = formFields(body);
    const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
    return this.attempt(request, reply, access, () =>
      this.activities.submitTeachBack(access, {
        delivery: fields.delivery ?? '',
        recordingUrl: fields.recordingUrl ?? '',
        deliveredOn: fields.deliveredOn ?? '',
        notes: fields.notes ?? '',
        file: file ? { name: uploadedFileName(request, 'file') ?? 'teach-back', bytes: file } : null,
      }),
    );
  }

  @Get('people/:userId/courses/:courseId/teach-backs/:teachBackId/file')
  async teachBackFile(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Param('teachBackId') teachBackId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const { name, stream } = await this.activities.teachBackFile(access, teachBackId);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', attachmentDisposition(name))
      .header('cache-control', 'private, no-store')
      .send(stream);
  }

  @Get('people/:userId/courses/:courseId/certificates/:certificateId/pdf')
  async trainerCertificatePdf(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Param('certificateId') certificateId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const { certificate, stream } = await this.certificates.trainerCertificatePdf(
      access.person.userId,
      access.course.id,
      certificateId,
    );
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="trainer-certificate-${certificate.serial}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream);
  }

  /** An institute admin or master trainer (not the holder) revokes a trainer certificate, with a reason. */
  @Post('people/:userId/courses/:courseId/certificates/:certificateId/revoke')
  async revokeTrainerCertificate(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Param('certificateId') certificateId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    if (!mayRevokeTrainerCertificate(access)) throw new CertificateNotFoundError();
    try {
      await this.certificates.revokeTrainerCertificate({
        institute: access.institute,
        userId: access.person.userId,
        courseId: access.course.id,
        certificateId,
        actorUserId: access.viewer.userId,
        reason: formFields(body).reason ?? '',
      });
    } catch (error) {
      if (error instanceof CertificateFormError)
        return this.renderPath(
          request,
          reply,
          access,
          this.responder.t(request, 'trainers.path.revokeReasonMissing'),
          422,
        );
      if (error instanceof CertificateStateError)
        return this.renderPath(request, reply, access, this.responder.t(request, 'trainers.path.alreadyRevoked'), 409);
      throw error;
    }
    return reply.redirect(`${pathUrl(access.institute.slug, userId, courseId)}#trainer-certificates`, 303);
  }

  @Post('people/:userId/courses/:courseId/teach-backs/:teachBackId/score')
  async score(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Param('teachBackId') teachBackId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const fields = formFields(body);
    const levels = prefixed(body, 'level.');
    return this.attempt(request, reply, access, () =>
      this.activities.scoreTeachBack(access, teachBackId, levels, fields.feedback ?? ''),
    );
  }

  @Post('people/:userId/courses/:courseId/sign-off')
  async signOff(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    return this.attempt(request, reply, access, () => this.activities.signOff(access, formFields(body).note ?? ''));
  }

  @Get('people/:userId/courses/:courseId/calibration')
  async calibration(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.paths.access(request.viewer, institute, userId, courseId),
    );
    if (!access) return reply;
    return this.renderCalibration(request, reply, access, {}, null, 200);
  }

  @Post('people/:userId/courses/:courseId/calibration')
  async submitCalibration(
    @Param('institute', StableIdPipe) institute: string,
    @Param('userId') userId: string,
    @Param('courseId') courseId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.paths.access(request.viewer, institute, userId, courseId);
    const grades: Record<string, Record<string, string>> = {};
    for (const [key, value] of Object.entries(prefixed(body, 'grade.'))) {
      const [referenceId, criterionId] = key.split('.');
      if (!referenceId || !criterionId) continue;
      grades[referenceId] = { ...(grades[referenceId] ?? {}), [criterionId]: value };
    }
    try {
      const result = await this.activities.submitCalibration(access, grades);
      return reply.redirect(
        `${pathUrl(access.institute.slug, userId, courseId)}?calibrated=${result.passed ? 'passed' : 'failed'}`,
        303,
      );
    } catch (error) {
      if (error instanceof TrainerFormInvalidError)
        return this.renderCalibration(request, reply, access, grades, error.message, 422);
      throw error;
    }
  }

  private async attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    access: PathAccess,
    work: () => Promise<unknown>,
  ): Promise<FastifyReply> {
    try {
      await work();
    } catch (error) {
      if (error instanceof TrainerTransitionRefusedError)
        return this.renderPath(request, reply, access, this.refusalText(request, error), 422);
      if (error instanceof TrainerFormInvalidError) return this.renderPath(request, reply, access, error.message, 422);
      throw error;
    }
    return reply.redirect(pathUrl(access.institute.slug, access.person.userId, access.course.id), 303);
  }

  private refusalText(request: FastifyRequest, error: TrainerTransitionRefusedError): string {
    const reason = this.responder.t(request, `trainers.refusal.${camelCase(error.refusal)}`);
    if (error.missing.length === 0) return reason;
    const missing = error.missing
      .map((item) => this.responder.t(request, `trainers.requirement.${camelCase(item)}`))
      .join(', ');
    return `${reason} ${missing}`;
  }

  private async renderOverview(request: InstituteRequest, reply: FastifyReply, problem: string | null, status: number) {
    const institute = request.institute!;
    const model = await this.pages.overview(request.viewer!, institute.slug);
    return this.responder.render(
      request,
      reply,
      'trainers-overview',
      {
        title: this.responder.t(request, 'trainers.overview.title', { institute: institute.name }),
        trail: [{ href: '/learn', label: this.responder.t(request, 'layout.myLearning') }],
      },
      { ...model, problem, csrfToken: reply.generateCsrf() },
      status,
    );
  }

  private async renderPath(
    request: FastifyRequest,
    reply: FastifyReply,
    access: PathAccess,
    problem: string | null,
    status: number,
  ) {
    const model = await this.pages.path(access);
    const query = request.query as Record<string, string | undefined>;
    return this.responder.render(
      request,
      reply,
      'trainer-path',
      {
        title: this.responder.t(request, 'trainers.path.title', {
          name: access.person.fullName,
          course: access.course.title,
        }),
        trail: [
          {
            href: `/i/${access.institute.slug}/trainers`,
            label: this.responder.t(request, 'trainers.overview.trail'),
          },
        ],
      },
      {
        ...model,
        problem,
        calibrated: query.calibrated === 'passed' || query.calibrated === 'failed' ? query.calibrated : null,
        csrfToken: reply.generateCsrf(),
      },
      status,
    );
  }

  private async renderCalibration(
    request: FastifyRequest,
    reply: FastifyReply,
    access: PathAccess,
    grades: Record<string, Record<string, string>>,
    problem: string | null,
    status: number,
  ) {
    const model = await this.pages.calibration(access, grades);
    return this.responder.render(
      request,
      reply,
      'trainer-calibration',
      {
        title: this.responder.t(request, 'trainers.calibration.title', { course: access.course.title }),
        trail: [
          {
            href: pathUrl(access.institute.slug, access.person.userId, access.course.id),
            label: access.person.fullName,
          },
        ],
      },
      { ...model, problem, csrfToken: reply.generateCsrf() },
      status,
    );
  }
}

function camelCase(code: string): string {
  return code.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Form fields named `<prefix><rest>` as { rest: value }, text values only. */
function prefixed(body: FormBody, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(body))
    if (key.startsWith(prefix) && typeof value === 'string') result[key.slice(prefix.length)] = value;
  return result;
}

export function cascadePath(instituteSlug: string): string {
  return `/i/${instituteSlug}/trainers/cascade`;
}
