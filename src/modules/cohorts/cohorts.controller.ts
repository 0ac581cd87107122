import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageResponder } from '../../common/http/page-responder.js';
import { loadForSignedIn } from '../../common/http/signed-in-page.js';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { moduleModel } from '../catalogue/domain/page-models.js';
import { CopyOverlayService } from '../localization/copy-overlay.service.js';
import { cohortPath, LearningService } from './learning.service.js';

/** Pages of a cohort: my learning, the cohort (schedule, roster), and its modules with progress. */
@ApiExcludeController()
@Controller()
export class CohortsController {
  constructor(
    private readonly learning: LearningService,
    private readonly responder: PageResponder,
    private readonly overlay: CopyOverlayService,
  ) {}

  @Get('learn')
  async myLearning(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!request.viewer) return reply.redirect('/login?next=%2Flearn', 303);
    const cohorts = await this.learning.myLearning(request.viewer);
    return this.responder.render(
      request,
      reply,
      'learn',
      { title: 'My learning', trail: [{ href: '/', label: 'Catalogue' }] },
      { cohorts },
    );
  }

  @Get('i/:institute/cohorts/:cohortId')
  async cohort(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await loadForSignedIn(request, reply, () =>
      this.learning.cohortOverview(request.viewer, institute, cohortId),
    );
    if (!model) return reply;
    return this.responder.render(
      request,
      reply,
      'cohort',
      { title: model.title, trail: [{ href: '/learn', label: 'My learning' }] },
      model,
    );
  }

  @Get('i/:institute/cohorts/:cohortId/modules/:moduleId')
  async module(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const opened = await loadForSignedIn(request, reply, () =>
      this.learning.openModule(request.viewer, institute, cohortId, moduleId),
    );
    if (!opened) return reply;
    const { access, done } = opened;
    // A cohort on a localized copy reads the copy's text (untranslated parts marked); progress keeps the master ids.
    const text = await this.overlay.forCohort(access.cohort);
    const locale = this.responder.localeOf(request);
    const module = text ? this.overlay.overlayModule(text, opened.module, locale) : opened.module;
    const course = text
      ? {
          ...opened.course,
          title: text.localized.title.text,
          modules: opened.course.modules.map((entry) => ({
            ...entry,
            title: this.overlay.moduleTitle(text, entry.id, entry.title),
          })),
        }
      : opened.course;
    const base = cohortPath(access.institute.slug, access.cohort.id);
    const page = moduleModel(course, module, { module: (moduleId) => `${base}/modules/${moduleId}`, course: base });
    return this.responder.render(
      request,
      reply,
      'cohort-module',
      {
        title: `${module.title} · ${access.cohort.title}`,
        trail: [
          { href: '/learn', label: 'My learning' },
          { href: base, label: access.cohort.title },
        ],
      },
      {
        ...page,
        cohortTitle: access.cohort.title,
        isParticipant: access.enrolment !== null,
        done,
        completeHref: `${base}/modules/${module.id}/complete`,
        quizHref: course.modules.find((entry) => entry.id === module.id)?.quiz
          ? `${base}/modules/${module.id}/quiz`
          : null,
        csrfToken: reply.generateCsrf(),
      },
    );
  }

  @Post('i/:institute/cohorts/:cohortId/modules/:moduleId/complete')
  async complete(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('moduleId', StableIdPipe) moduleId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.learning.completeModule(request.viewer, institute, cohortId, moduleId);
    return reply.redirect(`${cohortPath(institute, cohortId)}/modules/${moduleId}`, 303);
  }
}
