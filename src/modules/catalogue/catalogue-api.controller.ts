import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CourseVersionSummary, CourseVersionView, ModuleView } from '../content/content.views.js';
import { ContentService } from '../content/content.service.js';
import { courseHref, moduleHref } from './domain/page-models.js';
import { CourseParamsDto, ModuleParamsDto, VersionQueryDto } from './dto/catalogue-params.dto.js';
import { CourseDetailDto, CourseSummaryDto, ErrorDto, ModuleDetailDto } from './dto/catalogue-responses.dto.js';

@ApiTags('courses')
@Controller('api/courses')
export class CatalogueApiController {
  constructor(private readonly content: ContentService) {}

  @Get()
  @ApiOperation({ summary: 'The catalogue: the newest version of every course' })
  @ApiOkResponse({ type: [CourseSummaryDto] })
  async list(): Promise<CourseSummaryDto[]> {
    return (await this.content.listCourses()).map(toSummaryDto);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A course outline: weeks, modules, outcomes, audience' })
  @ApiOkResponse({ type: CourseDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async course(@Param() params: CourseParamsDto, @Query() query: VersionQueryDto): Promise<CourseDetailDto> {
    return toDetailDto(await this.content.getCourse(params.slug, query.version));
  }

  @Get(':slug/versions')
  @ApiOperation({ summary: 'Every imported version of a course, newest first' })
  @ApiOkResponse({ type: [CourseSummaryDto] })
  @ApiNotFoundResponse({ type: ErrorDto })
  async versions(@Param() params: CourseParamsDto): Promise<CourseSummaryDto[]> {
    return (await this.content.listVersions(params.slug)).map(toSummaryDto);
  }

  @Get(':slug/modules/:moduleId')
  @ApiOperation({ summary: 'A module with its sections' })
  @ApiOkResponse({ type: ModuleDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async module(@Param() params: ModuleParamsDto, @Query() query: VersionQueryDto): Promise<ModuleDetailDto> {
    const course = await this.content.getCourse(params.slug, query.version);
    return toModuleDto(course, await this.content.getModule(course, params.moduleId), query.version);
  }
}

function toSummaryDto(course: CourseVersionSummary): CourseSummaryDto {
  return {
    id: course.courseId,
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    language: course.language,
    versionNumber: course.versionNumber,
    contentHash: course.contentHash,
    importedAt: course.importedAt.toISOString(),
    url: courseHref(course.slug),
  };
}

function toDetailDto(course: CourseVersionView): CourseDetailDto {
  const { outline } = course;
  return {
    ...toSummaryDto(course),
    introductionHtml: outline.introductionHtml,
    hours: outline.hours,
    outcomes: outline.outcomes,
    audience: outline.audience,
    methodologies: outline.methodologies,
    benefits: outline.benefits,
    weeks: outline.weeks,
    actionPlan: outline.actionPlan,
    completion: outline.completion,
    modules: course.modules.map((module) => ({ ...module, url: moduleHref(course.slug, module.id) })),
  };
}

function toModuleDto(course: CourseVersionView, module: ModuleView, pinnedVersion?: number): ModuleDetailDto {
  const index = course.modules.findIndex((entry) => entry.id === module.id);
  return {
    id: module.id,
    number: module.number,
    weekNumber: module.weekNumber,
    title: module.title,
    estimatedMinutes: module.estimatedMinutes,
    url: moduleHref(course.slug, module.id, pinnedVersion),
    courseSlug: course.slug,
    versionNumber: course.versionNumber,
    objectives: module.objectives,
    introductionHtml: module.introductionHtml,
    sections: module.sections,
    previousModuleId: course.modules[index - 1]?.id ?? null,
    nextModuleId: course.modules[index + 1]?.id ?? null,
  };
}
