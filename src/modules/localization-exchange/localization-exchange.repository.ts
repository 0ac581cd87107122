import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CopyUnitState, RebaseReport } from './domain/rebase-plan.js';

export interface VersionRef {
  id: string;
  number: number;
  courseId: string;
  courseSlug: string;
  contentHash: string;
}

export interface RebaseRecord {
  id: string;
  fromVersionNumber: number;
  toVersionNumber: number;
  report: RebaseReport;
  createdAt: Date;
}

/**
 * Rebases and the writes of a package import. The copy tables belong to the localization module: the rows written
 * here are the same append-only rows its service writes, in a transaction this feature must own (a rebase moves
 * the copy's base and appends rows together; a package import stores the course and the copy together).
 */
@Injectable()
export class LocalizationExchangeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async newestVersion(courseId: string): Promise<VersionRef | null> {
    return this.oneVersion(`WHERE v.course_id = $1 ORDER BY v.number DESC LIMIT 1`, [courseId]);
  }

  async versionByNumber(courseSlug: string, number: number | null): Promise<VersionRef | null> {
    return number === null
      ? this.oneVersion(`WHERE c.slug = $1 ORDER BY v.number DESC LIMIT 1`, [courseSlug])
      : this.oneVersion(`WHERE c.slug = $1 AND v.number = $2`, [courseSlug, number]);
  }

  async versionById(versionId: string, manager?: EntityManager): Promise<VersionRef | null> {
    return this.oneVersion(`WHERE v.id = $1`, [versionId], manager);
  }

  private async oneVersion(where: string, values: unknown[], manager?: EntityManager): Promise<VersionRef | null> {
    const rows: { id: string; number: number; course_id: string; slug: string; content_hash: string }[] = await (
      manager ?? this.dataSource
    ).query(
      `SELECT v.id, v.number, v.course_id, c.slug, v.content_hash
       FROM course_versions v JOIN courses c ON c.id = v.course_id ${where}`,
      values,
    );
    const row = rows[0];
    return row
      ? { id: row.id, number: row.number, courseId: row.course_id, courseSlug: row.slug, contentHash: row.content_hash }
      : null;
  }

  /** Locks the copy for the transaction and gives its base version now (null: no such copy in the institute). */
  async lockCopyBase(manager: EntityManager, instituteId: string, copyId: string): Promise<string | null> {
    const rows: { base_version_id: string }[] = await manager.query(
      'SELECT base_version_id FROM course_copies WHERE institute_id = $1 AND id = $2 FOR UPDATE',
      [instituteId, copyId],
    );
    return rows[0]?.base_version_id ?? null;
  }

  async recordRebase(
    manager: EntityManager,
    rebase: {
      copyId: string;
      fromVersionId: string;
      toVersionId: string;
      report: RebaseReport;
      createdBy: string | null;
    },
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO course_copy_rebases (copy_id, from_version_id, to_version_id, report, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [rebase.copyId, rebase.fromVersionId, rebase.toVersionId, JSON.stringify(rebase.report), rebase.createdBy],
    );
    await manager.query('UPDATE course_copies SET base_version_id = $2 WHERE id = $1', [
      rebase.copyId,
      rebase.toVersionId,
    ]);
    return row.id;
  }

  async latestRebase(copyId: string): Promise<RebaseRecord | null> {
    const rows: {
      id: string;
      from_number: number;
      to_number: number;
      report: RebaseReport;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT r.id, f.number AS from_number, t.number AS to_number, r.report, r.created_at
       FROM course_copy_rebases r
       JOIN course_versions f ON f.id = r.from_version_id JOIN course_versions t ON t.id = r.to_version_id
       WHERE r.copy_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1`,
      [copyId],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          fromVersionNumber: row.from_number,
          toVersionNumber: row.to_number,
          report: row.report,
          createdAt: new Date(row.created_at),
        }
      : null;
  }

  /** Appends unit rows (the newest row of a unit is its state). */
  async appendUnits(
    manager: EntityManager,
    copyId: string,
    units: CopyUnitState[],
    createdBy: string | null,
  ): Promise<number> {
    if (units.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO course_copy_units (copy_id, unit_id, kind, text, source_hash, after_unit, created_by)
       SELECT $1, u.unit_id, u.kind, u.text, u.source_hash, u.after_unit, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
         AS u(unit_id, kind, text, source_hash, after_unit, position)
       ORDER BY u.position
       RETURNING id`,
      [
        copyId,
        createdBy,
        units.map((unit) => unit.unitId),
        units.map((unit) => unit.kind),
        units.map((unit) => unit.text),
        units.map((unit) => unit.sourceHash),
        units.map((unit) => unit.afterUnit),
      ],
    );
    return rows.length;
  }

  async findCopy(
    manager: EntityManager,
    instituteId: string,
    slug: string,
  ): Promise<{ id: string; courseId: string; baseVersionId: string; language: string } | null> {
    const rows: { id: string; course_id: string; base_version_id: string; language: string }[] = await manager.query(
      'SELECT id, course_id, base_version_id, language FROM course_copies WHERE institute_id = $1 AND slug = $2 FOR UPDATE',
      [instituteId, slug],
    );
    const row = rows[0];
    return row
      ? { id: row.id, courseId: row.course_id, baseVersionId: row.base_version_id, language: row.language }
      : null;
  }

  async insertCopy(
    manager: EntityManager,
    copy: {
      instituteId: string;
      courseId: string;
      slug: string;
      language: string;
      title: string;
      branding: Record<string, unknown>;
      baseVersionId: string;
      createdBy: string | null;
    },
  ): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
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
    return row.id;
  }

  async currentUnitStates(manager: EntityManager, copyId: string): Promise<Map<string, CopyUnitState>> {
    const rows: {
      unit_id: string;
      kind: CopyUnitState['kind'];
      text: string | null;
      source_hash: string | null;
      after_unit: string | null;
    }[] = await manager.query(
      `SELECT DISTINCT ON (unit_id) unit_id, kind, text, source_hash, after_unit
       FROM course_copy_units WHERE copy_id = $1 ORDER BY unit_id, id DESC`,
      [copyId],
    );
    return new Map(
      rows.map((row) => [
        row.unit_id,
        { unitId: row.unit_id, kind: row.kind, text: row.text, sourceHash: row.source_hash, afterUnit: row.after_unit },
      ]),
    );
  }
}
