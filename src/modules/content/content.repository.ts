import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import { resolvePeerReviewSettings } from '../peer-review/domain/peer-review-settings.js';
import { DEFAULT_GRADEBOOK_WEIGHTS } from './domain/content.schema.js';
import type { QuizSettings } from './domain/content.types.js';
import type {
  BankQuestion,
  QuestionBank,
  CourseOutline,
  CourseVersionSummary,
  CourseVersionView,
  ModuleSummary,
  ModuleView,
} from './content.views.js';
import type { PreparedCourse } from './domain/prepare-course.js';
import { CourseModuleEntity } from './entities/course-module.entity.js';
import { CourseVersionEntity } from './entities/course-version.entity.js';
import { CourseEntity } from './entities/course.entity.js';
import { ModuleSectionEntity } from './entities/module-section.entity.js';
import { QuizQuestionEntity } from './entities/quiz-question.entity.js';

export type StoredVersion = {
  courseId: string;
  slug: string;
  versionNumber: number;
  versionId: string;
  created: boolean;
};

export class SlugTakenError extends Error {
  constructor(
    readonly slug: string,
    readonly ownerCourseId: string,
  ) {
    super(`folder name "${slug}" already belongs to course ${ownerCourseId}`);
  }
}

interface VersionRow {
  version_id: string;
  course_id: string;
  slug: string;
  number: number;
  content_hash: string;
  language: string;
  title: string;
  summary: string;
  imported_at: Date;
}

const VERSION_COLUMNS = `v.id AS version_id, v.course_id, c.slug, v.number, v.content_hash, v.language, v.title, v.summary, v.imported_at`;

@Injectable()
export class ContentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores every course in one transaction: either all new versions are written or none. */
  async storeCourses(courses: PreparedCourse[], outer?: EntityManager): Promise<StoredVersion[]> {
    const store = async (manager: EntityManager) => {
      const stored: StoredVersion[] = [];
      for (const course of courses) stored.push(await this.storeCourse(manager, course));
      return stored;
    };
    // Inside a caller's transaction (a course package stores its copy with the course), or in its own.
    return outer ? store(outer) : this.dataSource.transaction(store);
  }

  private async storeCourse(manager: EntityManager, course: PreparedCourse): Promise<StoredVersion> {
    // Serializes concurrent imports of one course, so two runs cannot both create version N.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`course:${course.id}`]);

    const slugOwner = await manager.findOne(CourseEntity, { where: { slug: course.slug } });
    if (slugOwner && slugOwner.id !== course.id) throw new SlugTakenError(course.slug, slugOwner.id);
    const existing = await manager.findOne(CourseEntity, { where: { id: course.id } });
    if (!existing) await manager.insert(CourseEntity, { id: course.id, slug: course.slug, kind: course.kind });
    else if (existing.slug !== course.slug || existing.kind !== course.kind)
      await manager.update(CourseEntity, { id: course.id }, { slug: course.slug, kind: course.kind });

    const same = await manager.findOne(CourseVersionEntity, {
      where: { courseId: course.id, contentHash: course.contentHash },
    });
    if (same)
      return { courseId: course.id, slug: course.slug, versionNumber: same.number, versionId: same.id, created: false };

    const [{ next }] = await manager.query<[{ next: number }]>(
      'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM course_versions WHERE course_id = $1',
      [course.id],
    );
    const version = await manager.save(
      manager.create(CourseVersionEntity, {
        courseId: course.id,
        number: next,
        contentHash: course.contentHash,
        language: course.language,
        title: course.title,
        summary: course.summary,
        outline: course.outline,
        capstone: course.capstone,
        track: course.track,
      }),
    );
    for (const module of course.modules) {
      const moduleRow = await manager.save(
        manager.create(CourseModuleEntity, {
          courseVersionId: version.id,
          moduleKey: module.key,
          number: module.number,
          weekNumber: module.weekNumber,
          title: module.title,
          estimatedMinutes: module.estimatedMinutes,
          objectives: module.objectives,
          introductionMarkdown: module.introductionMarkdown,
          introductionHtml: module.introductionHtml,
          quizSettings: module.quiz?.settings ?? null,
        }),
      );
      if (module.quiz) {
        await manager.insert(
          QuizQuestionEntity,
          module.quiz.questions.map((question, position) => ({
            moduleId: moduleRow.id,
            questionKey: question.key,
            position,
            type: question.type,
            points: String(question.points),
            definition: question.definition,
            rendered: question.rendered,
          })),
        );
      }
      await manager.insert(
        ModuleSectionEntity,
        module.sections.map((section, position) => ({
          moduleId: moduleRow.id,
          sectionKey: section.key,
          position,
          title: section.title,
          kind: section.kind,
          markdown: section.markdown,
          html: section.html,
          sourceHash: section.sourceHash,
        })),
      );
    }
    return { courseId: course.id, slug: course.slug, versionNumber: next, versionId: version.id, created: true };
  }

  async listLatestVersions(): Promise<CourseVersionSummary[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (v.course_id) ${VERSION_COLUMNS}
         FROM course_versions v JOIN courses c ON c.id = v.course_id
         ORDER BY v.course_id, v.number DESC) latest
       ORDER BY title`,
    );
    return rows.map(toSummary);
  }

  async listVersionsOfCourse(slug: string): Promise<CourseVersionSummary[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM course_versions v JOIN courses c ON c.id = v.course_id
       WHERE c.slug = $1 ORDER BY v.number DESC`,
      [slug],
    );
    return rows.map(toSummary);
  }

  /** The newest version, or a given one; null when there is none. */
  async findCourseVersion(slug: string, versionNumber?: number): Promise<CourseVersionView | null> {
    const rows: (VersionRow & { outline: CourseOutline })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, v.outline FROM course_versions v JOIN courses c ON c.id = v.course_id
       WHERE c.slug = $1 AND ($2::int IS NULL OR v.number = $2::int)
       ORDER BY v.number DESC LIMIT 1`,
      [slug, versionNumber ?? null],
    );
    return rows[0] ? this.withModules(rows[0]) : null;
  }

  async findCourseVersionById(versionId: string): Promise<CourseVersionView | null> {
    const rows: (VersionRow & { outline: CourseOutline })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, v.outline FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE v.id = $1`,
      [versionId],
    );
    return rows[0] ? this.withModules(rows[0]) : null;
  }

  private async withModules(row: VersionRow & { outline: CourseOutline }): Promise<CourseVersionView> {
    const modules: {
      module_key: string;
      number: number;
      week_number: number;
      title: string;
      estimated_minutes: number;
      quiz_settings: QuizSettings | null;
      question_count: number;
    }[] = await this.dataSource.query(
      `SELECT m.module_key, m.number, m.week_number, m.title, m.estimated_minutes, m.quiz_settings,
         (SELECT count(*)::int FROM quiz_questions q WHERE q.module_id = m.id) AS question_count
       FROM course_modules m WHERE m.course_version_id = $1 ORDER BY m.number`,
      [row.version_id],
    );
    return {
      ...toSummary(row),
      outline: row.outline,
      gradebook: row.outline.gradebook ?? { ...DEFAULT_GRADEBOOK_WEIGHTS },
      peerReview: resolvePeerReviewSettings(row.outline.peerReview),
      modules: modules.map((module): ModuleSummary => ({
        id: module.module_key,
        number: module.number,
        weekNumber: module.week_number,
        title: module.title,
        estimatedMinutes: module.estimated_minutes,
        quiz: module.quiz_settings ? { settings: module.quiz_settings, questionCount: module.question_count } : null,
      })),
    };
  }

  /** The capstone of a version as imported; null when the version has none (or does not exist). */
  async findCapstone(versionId: string): Promise<CapstoneDefinition | null> {
    const rows: { capstone: CapstoneDefinition | null }[] = await this.dataSource.query(
      'SELECT capstone FROM course_versions WHERE id = $1',
      [versionId],
    );
    return rows[0]?.capstone ?? null;
  }

  async findQuestionBank(
    where: { courseVersionId: string; moduleKey: string } | { id: string },
  ): Promise<QuestionBank | null> {
    const module = await this.dataSource
      .getRepository(CourseModuleEntity)
      .findOne({ where, select: { id: true, quizSettings: true } });
    if (!module?.quizSettings) return null;
    const questions = await this.dataSource
      .getRepository(QuizQuestionEntity)
      .find({ where: { moduleId: module.id }, order: { position: 'ASC' } });
    return { courseModuleId: module.id, questions: questions.map(toBankQuestion) };
  }

  async findModule(versionId: string, moduleKey: string): Promise<ModuleView | null> {
    const module = await this.dataSource
      .getRepository(CourseModuleEntity)
      .findOne({ where: { courseVersionId: versionId, moduleKey } });
    if (!module) return null;
    const sections = await this.dataSource
      .getRepository(ModuleSectionEntity)
      .find({ where: { moduleId: module.id }, order: { position: 'ASC' } });
    return {
      id: module.moduleKey,
      number: module.number,
      weekNumber: module.weekNumber,
      title: module.title,
      estimatedMinutes: module.estimatedMinutes,
      quiz: module.quizSettings
        ? {
            settings: module.quizSettings,
            questionCount: await this.dataSource.getRepository(QuizQuestionEntity).count({ where: { moduleId: module.id } }),
          }
        : null,
      objectives: module.objectives,
      introductionHtml: module.introductionHtml,
      sections: sections.map((section) => ({
        id: section.sectionKey,
        title: section.title,
        kind: section.kind,
        html: section.html,
      })),
    };
  }
}

export function toBankQuestion(row: QuizQuestionEntity): BankQuestion {
  return { key: row.questionKey, type: row.type, points: Number(row.points), definition: row.definition, rendered: row.rendered };
}

function toSummary(row: VersionRow): CourseVersionSummary {
  return {
    versionId: row.version_id,
    courseId: row.course_id,
    slug: row.slug,
    versionNumber: row.number,
    contentHash: row.content_hash.trim(),
    language: row.language,
    title: row.title,
    summary: row.summary,
    importedAt: new Date(row.imported_at),
  };
}
