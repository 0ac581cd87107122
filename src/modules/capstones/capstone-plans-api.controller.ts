import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StableIdPipe } from '../../common/http/route-params.pipes.js';
import { readSectionJson } from './domain/plan-form.js';
import { budgetTotals } from './domain/budget-totals.js';
import type { PlanContent } from './domain/capstone.types.js';
import type { SubmissionRecord } from './capstone-submissions.repository.js';
import { CapstonePlansService } from './capstone-plans.service.js';
import { CapstoneFormError } from './capstones.errors.js';

function versionJson(submission: SubmissionRecord) {
  return {
    version: submission.version,
    draftRevision: submission.draftRevision,
    submittedAt: submission.submittedAt,
    dueAt: submission.dueAt,
    late: submission.late,
    attachmentIds: submission.attachmentIds,
  };
}

/** Budget totals beside each budget section: computed here, never stored. */
function withTotals(content: PlanContent) {
  return Object.fromEntries(
    Object.entries(content.sections).map(([id, section]) => [
      id,
      section.kind === 'budget' ? { ...section, totals: budgetTotals(section.lines) } : section,
    ]),
  );
}

@ApiTags('capstones')
@Controller('api/institutes/:institute/cohorts/:cohortId/capstone')
export class CapstonePlansApiController {
  constructor(private readonly plans: CapstonePlansService) {}

  @Get('draft')
  @ApiOperation({ summary: 'My plan as saved: its revision and every section (budget totals computed)' })
  async draft(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const owner = this.plans.ownerOf(context);
    const [draft, deadline] = await Promise.all([this.plans.draft(context), this.plans.deadline(context, owner)]);
    return {
      revision: draft.revision,
      updatedAt: draft.updatedAt,
      dueAt: deadline.dueAt,
      extension: deadline.extension,
      sections: withTotals(draft.content),
    };
  }

  @Put('draft/sections/:sectionId')
  @ApiOperation({
    summary:
      'Save one section (body: { revision, text } | { revision, rows } | { revision, currency, lines }); 409 when the plan moved past `revision`',
  })
  async saveSection(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Param('sectionId', StableIdPipe) sectionId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const section = this.plans.section(context, sectionId);
    const revision = body?.revision;
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) {
      throw new CapstoneFormError(
        'revision',
        'revision must be the whole number of the draft you edited (0 for none).',
      );
    }
    return { revision: await this.plans.saveSection(context, section, readSectionJson(section, body), revision) };
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submit the current draft as a new version; the same draft submitted again gives the same version',
  })
  async submit(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const seen = typeof body?.revision === 'number' ? body.revision : null;
    const { submission, created } = await this.plans.submit(context, request.viewer!.userId, seen);
    return { created, submission: versionJson(submission) };
  }

  @Get('versions')
  @ApiOperation({ summary: 'Every version I submitted, oldest first, with its content' })
  async versions(
    @Param('institute', StableIdPipe) institute: string,
    @Param('cohortId') cohortId: string,
    @Req() request: FastifyRequest,
  ) {
    const context = await this.plans.context(request.viewer, institute, cohortId);
    const submissions = await this.plans.listVersions(context);
    return {
      versions: submissions.map((submission) => ({
        ...versionJson(submission),
        sections: withTotals(submission.content),
      })),
    };
  }
}
