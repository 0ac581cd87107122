import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { readCourseFolders } from '../../src/modules/content/content-files.reader.js';
import { parseCourse } from '../../src/modules/content/domain/parse-course.js';
import type { InstituteView } from '../../src/modules/institutes/institutes.service.js';
import {
  CourseCopiesRepository,
  type CourseCopyRecord,
} from '../../src/modules/localization/course-copies.repository.js';
import { CourseCopiesService } from '../../src/modules/localization/course-copies.service.js';
import { listCourseUnits } from '../../src/modules/localization/domain/translation-units.js';
import { CourseCopyUnitConflictError } from '../../src/modules/localization/localization.errors.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('course copies in PostgreSQL: append-only units, current state, concurrent saves', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let service: CourseCopiesService;
  let institute: InstituteView;
  let copy: CourseCopyRecord;
  let versionId: string;
  const unit = 'net-m01/title';

  const rowCount = async () =>
    Number(
      (
        await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM course_copy_units WHERE copy_id = $1', [
          copy.id,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    service = new CourseCopiesService(new CourseCopiesRepository(dataSource), new AuditRepository());
    const [row] = await dataSource.query<
      { id: string; slug: string; name: string; country: string; default_language: string; languages: string[] }[]
    >(`SELECT id, slug, name, country, default_language, languages FROM institutes WHERE slug = 'sn-ifpe'`);
    institute = {
      id: row.id,
      slug: row.slug,
      name: row.name,
      country: row.country,
      defaultLanguage: row.default_language,
      languages: [...new Set([...row.languages, 'fr'])],
      isHub: false,
      branding: {},
    } as InstituteView;
    [{ id: versionId }] = await dataSource.query<{ id: string }[]>(
      `SELECT v.id FROM course_versions v WHERE v.course_id = 'epm-networks' ORDER BY v.number DESC LIMIT 1`,
    );
    copy = await service.createCopy(
      institute,
      {
        courseId: 'epm-networks',
        baseVersionId: versionId,
        language: 'fr',
        title: 'Réseaux (FR)',
        slug: 'reseaux-test',
        branding: { accentColor: '#1a5276' },
      },
      null,
    );
  });

  afterAll(async () => {
    await close();
  });

  it('should rebuild the parsed course of a stored version: the same units and source hashes as the files', async () => {
    const { courses } = await readCourseFolders('content', ['education-networks-clusters']);
    const parsed = parseCourse(courses[0]);
    if (!parsed.ok) throw new Error('seed course does not parse');
    const stored = await service.loadCourseContent(versionId);
    expect(listCourseUnits(stored)).toEqual(listCourseUnits(parsed.value));
    expect(listCourseUnits(stored).length).toBeGreaterThan(100);
  });

  it('should refuse a second copy with the same slug in the institute (409 naming the slug)', async () => {
    await expect(
      service.createCopy(
        institute,
        {
          courseId: 'epm-networks',
          baseVersionId: versionId,
          language: 'fr',
          title: 'x',
          slug: 'reseaux-test',
          branding: {},
        },
        null,
      ),
    ).rejects.toMatchObject({ code: 'COURSE_COPY_SLUG_CONFLICT' });
  });

  it('should refuse a language the institute does not teach in, naming the field', async () => {
    await expect(
      service.createCopy(
        institute,
        { courseId: 'epm-networks', baseVersionId: versionId, language: 'de', title: 'x', slug: 'autre', branding: {} },
        null,
      ),
    ).rejects.toMatchObject({ code: 'COURSE_COPY_UNPROCESSABLE', details: { field: 'language' } });
  });

  it('should keep every unit row: the current state is the newest, and UPDATE and DELETE are refused', async () => {
    await service.saveUnits(
      copy,
      [{ unitId: unit, kind: 'translated', text: 'Premier', sourceHash: 'a'.repeat(64) }],
      null,
    );
    const second = await service.saveUnits(
      copy,
      [{ unitId: unit, kind: 'translated', text: 'Deuxième', sourceHash: 'b'.repeat(64) }],
      null,
    );
    const current = await service.currentUnits(copy);
    expect(current.get(unit)).toMatchObject({ id: second[0].id, text: 'Deuxième', sourceHash: 'b'.repeat(64) });
    expect(await rowCount()).toBe(2);
    await expect(
      dataSource.query(`UPDATE course_copy_units SET text = 'x' WHERE copy_id = $1`, [copy.id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM course_copy_units WHERE copy_id = $1`, [copy.id])).rejects.toThrow(
      /append-only/,
    );
    const audit = await dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE entity_id = $1 AND action = 'course-copy.units-saved'`,
      [copy.id],
    );
    expect(Number(audit[0].n)).toBe(2);
  });

  it('should let one of two concurrent saves of the same shown form win and refuse the other, writing nothing', async () => {
    const shownRowId = (await service.currentUnits(copy)).get(unit)!.id;
    const before = await rowCount();
    const save = (text: string) =>
      service.saveUnits(copy, [{ unitId: unit, kind: 'translated', text, sourceHash: 'c'.repeat(64) }], null, {
        shown: new Map([[unit, shownRowId]]),
      });
    const results = await Promise.allSettled([save('Version A'), save('Version B')]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason = (lost[0]).reason as CourseCopyUnitConflictError;
    expect(reason).toBeInstanceOf(CourseCopyUnitConflictError);
    expect(reason.unitIds).toEqual([unit]);
    expect(await rowCount()).toBe(before + 1);
  });

  it('should refuse a whole batch when one of its units changed since the form, naming only that unit', async () => {
    const current = await service.currentUnits(copy);
    const before = await rowCount();
    await expect(
      service.saveUnits(
        copy,
        [
          { unitId: 'net-m01/introduction', kind: 'translated', text: 'Intro', sourceHash: 'd'.repeat(64) },
          { unitId: unit, kind: 'hidden', text: null, sourceHash: 'd'.repeat(64) },
        ],
        null,
        {
          shown: new Map([
            ['net-m01/introduction', null],
            [unit, '1'],
          ]),
        },
      ),
    ).rejects.toMatchObject({ code: 'COURSE_COPY_UNIT_CONFLICT', unitIds: [unit] });
    expect(await rowCount()).toBe(before);
    expect(current.get(unit)!.id).not.toBe('1');
  });

  it('should not show one institute the units of another institute’s copy', async () => {
    const [{ id: other }] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM institutes WHERE slug = 'np-cept'`,
    );
    const repository = new CourseCopiesRepository(dataSource);
    expect((await repository.currentUnits(other, copy.id)).size).toBe(0);
    expect(await repository.findCopyBySlug(other, copy.slug)).toBeNull();
  });
});
