import { Injectable } from '@nestjs/common';
import { MemoCache } from '../../common/memo-cache.js';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import { ContentRepository } from './content.repository.js';
import { CourseNotFoundError, ModuleNotFoundError } from './content.errors.js';
import type { CourseVersionSummary, CourseVersionView, ModuleView, QuestionBank } from './content.views.js';

/** How long a page may show the previous version after an import. Versions themselves never change. */
const LATEST_VERSION_TTL_MS = 2_000;

/** Read side of the course content, for pages, the API and other modules. */
@Injectable()
export class ContentService {
  private readonly catalogue = new MemoCache<CourseVersionSummary[]>({ maxEntries: 1, ttlMs: LATEST_VERSION_TTL_MS });
  private readonly latestVersions = new MemoCache<CourseVersionView | null>({
    maxEntries: 500,
    ttlMs: LATEST_VERSION_TTL_MS,
  });
  private readonly pinnedVersions = new MemoCache<CourseVersionView | null>({ maxEntries: 200 });
  private readonly modules = new MemoCache<ModuleView | null>({ maxEntries: 2_000 });
  private readonly questionBanks = new MemoCache<QuestionBank | null>({ maxEntries: 2_000 });
  private readonly capstones = new MemoCache<CapstoneDefinition | null>({ maxEntries: 200 });

  constructor(private readonly repository: ContentRepository) {}

  listCourses(): Promise<CourseVersionSummary[]> {
    return this.catalogue.get('all', () => this.repository.listLatestVersions());
  }

  async listVersions(slug: string): Promise<CourseVersionSummary[]> {
    const versions = await this.repository.listVersionsOfCourse(slug);
    if (versions.length === 0) throw new CourseNotFoundError(slug);
    return versions;
  }

  /** The newest version of a course, or the given version number. */
  async getCourse(slug: string, versionNumber?: number): Promise<CourseVersionView> {
    const course =
      versionNumber === undefined
        ? await this.latestVersions.get(slug, () => this.repository.findCourseVersion(slug))
        : await this.pinnedVersions.get(`${slug}@${versionNumber}`, () =>
            this.repository.findCourseVersion(slug, versionNumber),
          );
    if (!course) throw new CourseNotFoundError(slug, versionNumber);
    return course;
  }

  /** A version by its id (cohorts run on a fixed version). */
  async getCourseVersion(versionId: string): Promise<CourseVersionView> {
    const course = await this.pinnedVersions.get(`id:${versionId}`, () => this.repository.findCourseVersionById(versionId));
    if (!course) throw new CourseNotFoundError(versionId);
    return course;
  }

  async getModule(course: CourseVersionView, moduleId: string): Promise<ModuleView> {
    const module = course.modules.some((entry) => entry.id === moduleId)
      ? await this.modules.get(`${course.versionId}:${moduleId}`, () =>
          this.repository.findModule(course.versionId, moduleId),
        )
      : null;
    if (!module) throw new ModuleNotFoundError(course.slug, moduleId);
    return module;
  }

  /** A module's questions in a version, answers included: for scoring and review, never sent as such. */
  async getQuestionBank(course: CourseVersionView, moduleId: string): Promise<QuestionBank | null> {
    if (!course.modules.some((entry) => entry.id === moduleId)) throw new ModuleNotFoundError(course.slug, moduleId);
    return this.questionBanks.get(`${course.versionId}:${moduleId}`, () =>
      this.repository.findQuestionBank({ courseVersionId: course.versionId, moduleKey: moduleId }),
    );
  }

  /**
   * The capstone brief, plan sections and rubric of a version (Markdown rendered); null when the course has no
   * capstone.yaml. Versions never change, so it is cached without expiry, like question banks.
   */
  getCapstone(course: CourseVersionView): Promise<CapstoneDefinition | null> {
    return this.capstones.get(course.versionId, () => this.repository.findCapstone(course.versionId));
  }

  /** The bank an attempt was drawn from, by the module row it recorded. */
  async getQuestionBankOfModuleRow(courseModuleId: string): Promise<QuestionBank> {
    const bank = await this.questionBanks.get(`row:${courseModuleId}`, () =>
      this.repository.findQuestionBank({ id: courseModuleId }),
    );
    if (!bank) throw new ModuleNotFoundError('(course module)', courseModuleId);
    return bank;
  }
}
