import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { httpStatusOf } from '../../common/errors/http-status-of.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { fileSize, planSections, rubricForm, waitingTime } from './capstone-grading-page-models.js';
import {
  CapstoneGradingService,
  QUEUE_FILTERS,
  type GradeInput,
  type QueueFilter,
} from './capstone-grading.service.js';
import type { CriterionGrade } from './domain/capstone.types.js';

type FormBody = Record<string, unknown>;
const text = (body: FormBody, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/** The grading queue and the grade page of a cohort's capstones: its trainers and admins only. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/capstone/grading')
export class CapstoneGradingController {
  constructor(
    private readonly grading: CapstoneGradingService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async queue(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Query('filter') filterText: string | undefined,
    @Query('released') released: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.grading.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    const filter = QUEUE_FILTERS.includes(filterText as QueueFilter) ? (filterText as QueueFilter) : 'all';
    const queue = await this.grading.queue(access, request.viewer!, filter);
    const base = this.base(access);
    const zone = access.cohort.timeZone;
    const entry = (item: (typeof queue.unreleased)[number]) => ({
      href: `${base}/${item.submissionId}`,
      fullName: item.fullName,
      version: item.version,
      late: item.late,
      submittedAt: formatInTimeZone(item.submittedAt, zone, this.responder.localeOf(request)),
      trainerName: item.trainerName,
      draft: item.gradeStatus === 'draft',
      percent: item.percent,
      releaseAction: `${base}/${item.submissionId}/release`,
    });
    return this.render(
      request,
      reply,
      access,
      'capstone-grading-queue',
      this.responder.t(request, 'capstones.grading.title'),
      {
        base,
        releasedCount: released === undefined ? null : Number(released) || 0,
        filters: QUEUE_FILTERS.map((value) => ({ value, selected: value === filter, href: `${base}?filter=${value}` })),
        awaiting: queue.awaiting.map((item) => ({ ...entry(item), waiting: waitingTime(item.waitingMs) })),
        unreleased: queue.unreleased.map(entry),
        trainers: queue.trainers,
        participants: queue.participants.map((person) => ({
          userId: person.userId,
          fullName: person.fullName,
          trainers: queue.trainers.map((trainer) => ({ ...trainer, selected: trainer.userId === person.trainerId })),
        })),
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('assign')
  async assign(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.grading.staffAccess(request.viewer, institute, cohortId);
    await this.grading.assign(access, request.viewer!, text(body, 'userId'), text(body, 'trainerId'));
    return reply.redirect(`${this.base(access)}#assign`, 303);
  }

  @Post('release-all')
  async releaseAll(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.grading.staffAccess(request.viewer, institute, cohortId);
    const count = await this.grading.releaseAll(access, request.viewer!);
    return reply.redirect(`${this.base(access)}?released=${count}`, 303);
  }

  @Get(':submissionId')
  async gradePage(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await loadForSignedIn(request, reply, () =>
      this.grading.staffAccess(request.viewer, institute, cohortId),
    );
    if (!access) return reply;
    return this.renderGradePage(request, reply, access, submissionId, null);
  }

  @Post(':submissionId')
  async save(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.grading.staffAccess(request.viewer, institute, cohortId);
    const input = gradeInputFromForm(body);
    try {
      await this.grading.saveGrade(access, request.viewer!, submissionId, input);
    } catch (error) {
      if (error instanceof DomainError && !error.code.endsWith('_NOT_FOUND')) {
        return this.renderGradePage(request, reply, access, submissionId, {
          input,
          message: error.message,
          code: error.code,
        });
      }
      throw error;
    }
    return reply.redirect(`${this.base(access)}/${submissionId}`, 303);
  }

  @Post(':submissionId/release')
  async release(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('submissionId') submissionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const access = await this.grading.staffAccess(request.viewer, institute, cohortId);
    await this.grading.release(access, request.viewer!, submissionId);
    return reply.redirect(`${this.base(access)}/${submissionId}`, 303);
  }

  private async renderGradePage(
    request: FastifyRequest,
    reply: FastifyReply,
    access: CohortAccess,
    submissionId: string,
    refused: { input: GradeInput; message: string; code: string } | null,
  ) {
    const view = await this.grading.gradeView(access, submissionId);
    // After a refused save the page shows what the trainer entered, not the stored grade.
    const entered = refused?.input;
    const zone = access.cohort.timeZone;
    const { grade, submission } = view;
    const action = `${this.base(access)}/${submission.id}`;
    const capstoneBase = `${cohortPath(access.institute.slug, access.cohort.id)}/capstone`;
    return this.render(
      request,
      reply,
      access,
      'capstone-grading-grade',
      this.responder.t(request, 'capstones.nav.grade', { name: submission.fullName }),
      {
        fullName: submission.fullName,
        version: submission.version,
        late: submission.late,
        submittedAt: formatInTimeZone(submission.submittedAt, zone, this.responder.localeOf(request)),
        capstoneTitle: view.definition.title,
        sections: planSections(view.definition, submission.content),
        attachments: view.attachments.map((attachment) => ({
          fileName: attachment.fileName,
          mediaType: attachment.mediaType,
          size: fileSize(attachment.sizeBytes),
          href: `${capstoneBase}/attachments/${attachment.id}`,
        })),
        pdfHref: `${capstoneBase}/versions/${submission.id}/pdf`,
        criteria: rubricForm(view.definition, entered?.criteria ?? grade?.criteria ?? []),
        overallFeedback: entered?.overallFeedback ?? grade?.overallFeedback ?? '',
        reason: entered?.reason ?? '',
        error: refused?.message ?? null,
        status: `capstones.gradeStatus.${grade ? (grade.releasedAt ? 'released' : grade.status === 'final' ? 'final' : 'draft') : 'notGraded'}`,
        percent: grade?.percent ?? null,
        isFinal: grade?.status === 'final',
        canRelease: grade?.status === 'final' && grade.releasedAt === null,
        action,
        releaseAction: `${action}/release`,
        queueHref: this.base(access),
        revisions: view.revisions.map((revision) => ({
          ...revision,
          action: `capstones.revisionAction.${camelCase(revision.action)}`,
          at: formatInTimeZone(revision.at, zone, this.responder.localeOf(request)),
        })),
        csrfToken: reply.generateCsrf(),
      },
      refused ? httpStatusOf(refused.code) : 200,
    );
  }

  private base(access: CohortAccess): string {
    return `${cohortPath(access.institute.slug, access.cohort.id)}/capstone/grading`;
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    access: CohortAccess,
    view: string,
    heading: string,
    model: object,
    status = 200,
  ) {
    const cohortBase = cohortPath(access.institute.slug, access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${access.cohort.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: cohortBase, label: access.cohort.title },
          { href: `${cohortBase}/capstone/grading`, label: this.responder.t(request, 'capstones.grading.title') },
        ],
      },
      model,
      status,
    );
  }
}

/**
 * Reads the grade form: `level.<criterion id>` (a radio group) and `comment.<criterion id>` per criterion,
 * `overallFeedback`, `reason`, and `intent` from the button pressed ("draft" or "finalise").
 */
export function gradeInputFromForm(body: FormBody): GradeInput {
  const ids = new Set<string>();
  for (const name of Object.keys(body)) {
    const match = /^(?:level|comment)\.(.+)$/.exec(name);
    if (match) ids.add(match[1]);
  }
  const criteria: CriterionGrade[] = [...ids].map((criterionId) => ({
    criterionId,
    levelId: text(body, `level.${criterionId}`) || null,
    comment: text(body, `comment.${criterionId}`),
  }));
  return {
    criteria,
    overallFeedback: text(body, 'overallFeedback'),
    reason: text(body, 'reason'),
    intent: text(body, 'intent') === 'finalise' ? 'finalise' : 'draft',
  };
}

/** `changed-after-release` → `changedAfterRelease`: catalogue keys are identifiers. */
function camelCase(value: string): string {
  return value.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
