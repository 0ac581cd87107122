import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { instantToLocalDateTime } from '../cohorts/domain/cohort-schedule.js';
import { cohortPath } from '../cohorts/learning.service.js';
import { deadlineOf } from './domain/deadline.js';
import { attachmentModel, capstonePath, versionNumber, sectionView, versionRow, when } from './capstone-page-models.js';
import { CapstonePlansService, type CapstoneContext } from './capstone-plans.service.js';
import { CapstoneStaffService } from './capstone-staff.service.js';

type FormBody = Record<string, unknown>;
const text = (body: FormBody, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/** Trainers and admins: submissions per person with their versions, extensions and the cohort's late policy. */
@ApiExcludeController()
@Controller('i/:institute/cohorts/:cohortId/capstone/people')
export class CapstoneStaffController {
  constructor(
    private readonly plans: CapstonePlansService,
    private readonly staff: CapstoneStaffService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async people(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const { people, latePolicy } = await this.staff.people(context);
    const base = capstonePath(context);
    const cohortDue = new Date(context.access.cohort.schedule.capstoneDueAt);
    return this.render(request, reply, context, 'capstone-people', this.responder.t(request, 'capstones.nav.people'), {
      title: context.definition.title,
      cohortDueAt: when(context, cohortDue, this.responder.localeOf(request)),
      policyHref: `${base}/people/late-policy`,
      flag: latePolicy === 'flag',
      refuse: latePolicy === 'refuse',
      people: people.map((person) => ({
        fullName: person.fullName,
        email: person.email,
        href: `${base}/people/${person.userId}`,
        latest: person.latest && {
          version: person.latest.version,
          submittedAt: when(context, person.latest.submittedAt, this.responder.localeOf(request)),
          late: person.latest.late,
        },
        extension: person.extension && {
          dueAt: when(context, person.extension.dueAt, this.responder.localeOf(request)),
          reason: person.extension.reason,
        },
      })),
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('late-policy')
  async latePolicy(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    await this.staff.setLatePolicy(context, request.viewer!.userId, text(body, 'policy'));
    return reply.redirect(`${capstonePath(context)}/people`, 303);
  }

  @Get(':userId')
  async person(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('userId') userId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const { submissions, extensions } = await this.staff.personVersions(context, userId);
    const base = `${capstonePath(context)}/people/${userId}`;
    const deadline = deadlineOf(context.access.cohort.schedule.capstoneDueAt, extensions);
    return this.render(
      request,
      reply,
      context,
      'capstone-person',
      this.responder.t(request, 'capstones.person.title'),
      {
        dueAt: when(context, deadline.dueAt, this.responder.localeOf(request)),
        dueAtLocal: instantToLocalDateTime(deadline.dueAt, context.access.cohort.timeZone),
        timeZone: context.access.cohort.timeZone,
        versions: submissions.map((submission) =>
          versionRow(context, `${base}/versions/${submission.version}`, submission, this.responder.localeOf(request)),
        ),
        extensions: extensions.map((grant) => ({
          dueAt: when(context, grant.dueAt, this.responder.localeOf(request)),
          grantedAt: when(context, grant.grantedAt, this.responder.localeOf(request)),
          reason: grant.reason,
        })),
        extensionHref: `${base}/extensions`,
        backHref: `${capstonePath(context)}/people`,
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post(':userId/extensions')
  async grantExtension(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('userId') userId: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    await this.staff.grantExtension(context, request.viewer!.userId, userId, text(body, 'dueAt'), text(body, 'reason'));
    return reply.redirect(`${capstonePath(context)}/people/${userId}`, 303);
  }

  @Get(':userId/versions/:version')
  async version(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('userId') userId: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const context = await this.context(request, reply, institute, cohortId);
    if (!context) return reply;
    const owner = await this.staff.participant(context, userId);
    const { submission, attachments } = await this.plans.version(owner, versionNumber(version));
    return this.render(
      request,
      reply,
      context,
      'capstone-version',
      this.responder.t(request, 'capstones.versionNumber', { version: submission.version }),
      {
        heading: this.responder.t(request, 'capstones.versionHeading', {
          title: context.definition.title,
          version: submission.version,
        }),
        person: userId,
        version: versionRow(context, '', submission, this.responder.localeOf(request)),
        sections: context.definition.sections.map((section) =>
          sectionView(section, submission.content.sections[section.id]),
        ),
        attachments: attachments.map((attachment) => attachmentModel(capstonePath(context), attachment)),
        backHref: `${capstonePath(context)}/people/${userId}`,
        submittedAtText: when(context, submission.submittedAt, this.responder.localeOf(request)),
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CapstoneContext,
    view: string,
    heading: string,
    model: object,
  ) {
    const base = cohortPath(context.access.institute.slug, context.access.cohort.id);
    return this.responder.render(
      request,
      reply,
      view,
      {
        title: `${heading} · ${context.access.cohort.title}`,
        trail: [
          { href: '/learn', label: this.responder.t(request, 'cohorts.learn.title') },
          { href: base, label: context.access.cohort.title },
          { href: `${base}/capstone/people`, label: this.responder.t(request, 'capstones.nav.people') },
        ],
      },
      model,
    );
  }

  private async context(request: FastifyRequest, reply: FastifyReply, institute: string, cohortId: string) {
    const context = await loadForSignedIn(request, reply, () =>
      this.plans.context(request.viewer, institute, cohortId),
    );
    if (context) this.staff.requireStaff(context);
    return context;
  }
}
