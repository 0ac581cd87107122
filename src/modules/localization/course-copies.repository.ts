import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import type { CourseOutline } from '../content/content.views.js';
import { DEFAULT_GRADEBOOK_WEIGHTS } from '../content/domain/content.schema.js';
import type { CourseContent, ModuleContent, QuizSettings, SectionKind } from '../content/domain/content.types.js';
import type { Question } from '../quizzes/domain/question.types.js';
import type { CopyBranding } from './entities/course-copy.entity.js';
import type { CopyUnitKind } from './entities/course-copy-unit.entity.js';

export interface CourseCopyRecord {
  id: string;
  instituteId: string;
  courseId: string;
  /** The master course's slug (content/courses/<slug>). */
  courseSlug: string;
  slug: string;
  language: string;
  title: string;
  branding: CopyBranding;
  baseVersionId: string;
  baseVersionNumber: number;
  createdAt: Date;
  createdBy: string | null;
}

export interface CopyUnitRecord {
  id: string;
  copyId: string;
  unitId: string;
  kind: CopyUnitKind;
  text: string | null;
  sourceHash: string | null;
  afterUnit: string | null;
  createdAt: Date;
  createdBy: string | null;
}

/** A row to append: the newest row of a unit is its state. */
export interface NewCopyUnit {
  unitId: string;
  kind: CopyUnitKind;
  text: string | null;
  sourceHash: string | null;
  afterUnit?: string | null;
}

export interface NewCourseCopy {
  instituteId: string;
  courseId: string;
  slug: string;
  language: string;
  title: string;
  branding: CopyBranding;
  baseVersionId: string;
  createdBy: string | null;
}

/** Unique violation of (institute_id, slug). */
export class CopySlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`slug ${slug} taken`);
  }
}

interface CopyRow {
  id: string;
  institute_id: string;
  course_id: string;
  course_slug: string;
  slug: string;
  language: string;
  title: string;
  branding: CopyBranding;
  base_version_id: string;
  base_version_number: number;
  created_at: Date;
  created_by: string | null;
}

interface UnitRow {
  id: string;
  copy_id: string;
  unit_id: string;
  kind: CopyUnitKind;
  text: string | null;
  source_hash: string | null;
  after_unit: string | null;
  created_at: Date;
  created_by: string | null;
}

const COPY_COLUMNS = `cc.id, cc.institute_id, cc.course_id, c.slug AS course_slug, cc.slug, cc.language, cc.title,
  cc.branding, cc.base_version_id, v.number AS base_version_number, cc.created_at, cc.created_by`;
const COPY_FROM = `course_copies cc JOIN courses c ON c.id = cc.course_id JOIN course_versions v ON v.id = cc.base_version_id`;

@Injectable()
export class CourseCopiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async createCopy(manager: EntityManager, copy: NewCourseCopy): Promise<CourseCopyRecord> {
    let id: string;
    try {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO course_copies (institute_id, course_id, slug, language, title, branding, base_version_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          copy.instituteId,
          copy.courseId,
          copy.slug,
          copy.language,
          copy.title,
          JSON.stringify(copy.branding),
          copy.baseVersionId,
          copy.createdBy,
        ],
      );
      id = rows[0].id;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new CopySlugTakenError(copy.slug);
      throw error;
    }
    const created = await this.findCopyById(copy.instituteId, id, manager);
    if (!created) throw new Error(`course copy ${id} vanished in its own transaction`);
    return created;
  }

  async listCopies(instituteId: string): Promise<CourseCopyRecord[]> {
    const rows: CopyRow[] = await this.dataSource.query(
      `SELECT ${COPY_COLUMNS} FROM ${COPY_FROM} WHERE cc.institute_id = $1 ORDER BY cc.title, cc.slug`,
      [instituteId],
    );
    return rows.map(toCopy);
  }

  async findCopyBySlug(instituteId: string, slug: string, manager?: EntityManager): Promise<CourseCopyRecord | null> {
    const rows: CopyRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${COPY_COLUMNS} FROM ${COPY_FROM} WHERE cc.institute_id = $1 AND cc.slug = $2`,
      [instituteId, slug],
    );
    return rows[0] ? toCopy(rows[0]) : null;
  }

  async findCopyById(instituteId: string, copyId: string, manager?: EntityManager): Promise<CourseCopyRecord | null> {
    const rows: CopyRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${COPY_COLUMNS} FROM ${COPY_FROM} WHERE cc.institute_id = $1 AND cc.id = $2`,
      [instituteId, copyId],
    );
    return rows[0] ? toCopy(rows[0]) : null;
  }

  /** The current state of every unit of a copy: its newest row. */
  async currentUnits(
    instituteId: string,
    copyId: string,
    manager?: EntityManager,
  ): Promise<Map<string, CopyUnitRecord>> {
    const rows: UnitRow[] = await (manager ?? this.dataSource).query(
      `SELECT DISTINCT ON (u.unit_id) u.id, u.copy_id, u.unit_id, u.kind, u.text, u.source_hash, u.after_unit,
         u.created_at, u.created_by
       FROM course_copy_units u JOIN course_copies cc ON cc.id = u.copy_id
       WHERE cc.institute_id = $1 AND u.copy_id = $2
       ORDER BY u.unit_id, u.id DESC`,
      [instituteId, copyId],
    );
    return new Map(rows.map((row) => [row.unit_id, toUnit(row)]));
  }

  /** The newest unit row of a copy ('0' when none): a change of the copy's text changes it. */
  async latestRowId(copyId: string): Promise<string> {
    const rows: { id: string | null }[] = await this.dataSource.query(
      'SELECT max(id)::text AS id FROM course_copy_units WHERE copy_id = $1',
      [copyId],
    );
    return rows[0]?.id ?? '0';
  }

  /**
   * Locks the copy until the transaction ends, so two saves of one copy are serialized and the second sees the
   * first one's rows when it checks for conflicts.
   */
  async lockCopy(manager: EntityManager, instituteId: string, copyId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT id FROM course_copies WHERE institute_id = $1 AND id = $2 FOR UPDATE',
      [instituteId, copyId],
    );
    return rows.length > 0;
  }

  async appendUnits(
    manager: EntityManager,
    copyId: string,
    units: NewCopyUnit[],
    createdBy: string | null,
  ): Promise<CopyUnitRecord[]> {
    if (units.length === 0) return [];
    const rows: UnitRow[] = await manager.query(
      `INSERT INTO course_copy_units (copy_id, unit_id, kind, text, source_hash, after_unit, created_by)
       SELECT $1, u.unit_id, u.kind, u.text, u.source_hash, u.after_unit, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
         AS u(unit_id, kind, text, source_hash, after_unit, position)
       ORDER BY u.position
       RETURNING id, copy_id, unit_id, kind, text, source_hash, after_unit, created_at, created_by`,
      [
        copyId,
        createdBy,
        units.map((unit) => unit.unitId),
        units.map((unit) => unit.kind),
        units.map((unit) => unit.text),
        units.map((unit) => unit.sourceHash),
        units.map((unit) => unit.afterUnit ?? null),
      ],
    );
    return rows.map(toUnit);
  }

  /** The id of the newest version of a master course, or null. */
  async findNewestVersionId(courseSlug: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT v.id FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = $1
       ORDER BY v.number DESC LIMIT 1`,
      [courseSlug],
    );
    return rows[0]?.id ?? null;
  }

  /** The newest version of a master course by its id, with the course's folder name (slug). */
  async findNewestVersionOfCourse(courseId: string): Promise<{ versionId: string; slug: string } | null> {
    const rows: { id: string; slug: string }[] = await this.dataSource.query(
      `SELECT v.id, c.slug FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.id = $1
       ORDER BY v.number DESC LIMIT 1`,
      [courseId],
    );
    return rows[0] ? { versionId: rows[0].id, slug: rows[0].slug } : null;
  }

  /**
   * The parsed course of a stored version, as parseCourse made it at import: course_versions (outline, capstone),
   * course_modules, module_sections and quiz_questions hold every field listCourseUnits reads.
   */
  async loadCourseContent(versionId: string): Promise<CourseContent | null> {
    const versions: {
      course_id: string;
      slug: string;
      language: string;
      title: string;
      summary: string;
      outline: CourseOutline;
      capstone: CapstoneDefinition | null;
    }[] = await this.dataSource.query(
      `SELECT v.course_id, c.slug, v.language, v.title, v.summary, v.outline, v.capstone
       FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE v.id = $1`,
      [versionId],
    );
    const version = versions[0];
    if (!version) return null;
    const modules: {
      id: string;
      module_key: string;
      number: number;
      title: string;
      estimated_minutes: number;
      objectives: ModuleContent['objectives'];
      introduction_markdown: string;
      quiz_settings: QuizSettings | null;
    }[] = await this.dataSource.query(
      `SELECT id, module_key, number, title, estimated_minutes, objectives, introduction_markdown, quiz_settings
       FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
      [versionId],
    );
    const sections: { module_id: string; section_key: string; title: string; kind: SectionKind; markdown: string }[] =
      await this.dataSource.query(
        `SELECT s.module_id, s.section_key, s.title, s.kind, s.markdown
         FROM module_sections s JOIN course_modules m ON m.id = s.module_id
         WHERE m.course_version_id = $1 ORDER BY s.module_id, s.position`,
        [versionId],
      );
    const questions: { module_id: string; definition: Question }[] = await this.dataSource.query(
      `SELECT q.module_id, q.definition FROM quiz_questions q JOIN course_modules m ON m.id = q.module_id
       WHERE m.course_version_id = $1 ORDER BY q.module_id, q.position`,
      [versionId],
    );
    const outline = version.outline;
    const capstone = version.capstone;
    return {
      id: version.course_id,
      slug: version.slug,
      language: version.language,
      title: version.title,
      summary: version.summary,
      introduction: outline.introductionMarkdown,
      hours: outline.hours,
      outcomes: outline.outcomes,
      audience: outline.audience,
      methodologies: outline.methodologies,
      benefits: outline.benefits,
      weeks: outline.weeks,
      actionPlan: outline.actionPlan,
      completion: outline.completion,
      gradebook: outline.gradebook ?? { ...DEFAULT_GRADEBOOK_WEIGHTS },
      ...(outline.peerReview ? { peerReview: outline.peerReview } : {}),
      modules: modules.map((module): ModuleContent => ({
        id: module.module_key,
        number: module.number,
        title: module.title,
        estimatedMinutes: module.estimated_minutes,
        objectives: module.objectives,
        introduction: module.introduction_markdown,
        sections: sections
          .filter((section) => section.module_id === module.id)
          .map((section) => ({
            id: section.section_key,
            title: section.title,
            kind: section.kind,
            markdown: section.markdown,
          })),
        ...(module.quiz_settings
          ? {
              quiz: {
                settings: module.quiz_settings,
                questions: questions
                  .filter((question) => question.module_id === module.id)
                  .map((question) => question.definition),
              },
            }
          : {}),
      })),
      ...(capstone
        ? {
            capstone: {
              title: capstone.title,
              brief: capstone.brief,
              passPercent: capstone.passPercent,
              sections: capstone.sections.map((section) => ({
                id: section.id,
                title: section.title,
                kind: section.kind,
                guidance: section.guidance,
                required: section.required,
              })),
              rubric: capstone.rubric,
              ...(capstone.peerRubric ? { peerRubric: capstone.peerRubric } : {}),
            },
          }
        : {}),
    };
  }
}

function toCopy(row: CopyRow): CourseCopyRecord {
  return {
    id: row.id,
    instituteId: row.institute_id,
    courseId: row.course_id,
    courseSlug: row.course_slug,
    slug: row.slug,
    language: row.language,
    title: row.title,
    branding: row.branding,
    baseVersionId: row.base_version_id,
    baseVersionNumber: row.base_version_number,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
  };
}

function toUnit(row: UnitRow): CopyUnitRecord {
  return {
    id: String(row.id),
    copyId: row.copy_id,
    unitId: row.unit_id,
    kind: row.kind,
    text: row.text,
    sourceHash: row.source_hash,
    afterUnit: row.after_unit,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
  };
}
