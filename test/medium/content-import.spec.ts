import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { ContentImportService } from '../../src/modules/content/content-import.service.js';
import { ContentModule } from '../../src/modules/content/content.module.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentImportError } from '../../src/modules/content/content.errors.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { useTestEnvironment } from '../support/test-app.js';

const NETWORKS = 'education-networks-clusters';
const RESOURCES = 'school-resource-allocation';

describe('content import into PostgreSQL', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let importer: ContentImportService;
  let dataSource: DataSource;
  let contentDir: string;

  const counts = async () => {
    const [row] = await dataSource.query<[Record<string, number>]>(
      `SELECT
        (SELECT count(*)::int FROM courses) AS courses,
        (SELECT count(*)::int FROM course_versions) AS versions,
        (SELECT count(*)::int FROM course_modules) AS modules,
        (SELECT count(*)::int FROM module_sections) AS sections`,
    );
    return row;
  };
  const moduleFile = (slug: string, name: string) => path.join(contentDir, 'courses', slug, 'modules', name);
  const courseFile = (slug: string, name: string) => path.join(contentDir, 'courses', slug, name);

  beforeAll(async () => {
    database = await createTestDatabase();
    useTestEnvironment(database);
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, ContentModule] }).compile();
    importer = moduleRef.get(ContentImportService);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE courses, course_versions, course_modules, module_sections CASCADE');
    contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-content-'));
    await cp('content', contentDir, { recursive: true });
    // Courses only: tracks (content/tracks/) are imported and tested in track-import.spec.ts.
    await rm(path.join(contentDir, 'tracks'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  it('should import both seed courses with ten modules each and every section', async () => {
    const report = await importer.importCourses({ contentDir });
    expect(report.courses.map((course) => [course.slug, course.versionNumber, course.status])).toEqual([
      [NETWORKS, 1, 'created'],
      [RESOURCES, 1, 'created'],
    ]);
    const modules: { slug: string; modules: number; week1: number; week2: number }[] = await dataSource.query(`
      SELECT c.slug, count(*)::int AS modules,
             count(*) FILTER (WHERE m.week_number = 1 AND m.number BETWEEN 1 AND 5)::int AS week1,
             count(*) FILTER (WHERE m.week_number = 2 AND m.number BETWEEN 6 AND 10)::int AS week2
      FROM course_modules m JOIN course_versions v ON v.id = m.course_version_id JOIN courses c ON c.id = v.course_id
      GROUP BY c.slug ORDER BY c.slug`);
    expect(modules).toEqual([
      { slug: NETWORKS, modules: 10, week1: 5, week2: 5 },
      { slug: RESOURCES, modules: 10, week1: 5, week2: 5 },
    ]);
    const source = await readFile(moduleFile(NETWORKS, '03-collaborative-leadership.md'), 'utf8');
    const headings = source.split('\n').filter((line) => line.startsWith('## ')).length;
    const [{ sections }] = await dataSource.query<[{ sections: number }]>(
      `SELECT count(*)::int AS sections FROM module_sections s JOIN course_modules m ON m.id = s.module_id WHERE m.module_key = 'net-m03'`,
    );
    expect(sections).toBe(headings);
  });

  it('should treat a re-import of unchanged files as a no-op', async () => {
    await importer.importCourses({ contentDir });
    const before = await counts();
    const report = await importer.importCourses({ contentDir });
    expect(report.courses.every((course) => course.status === 'unchanged' && course.versionNumber === 1)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('should store a changed file as a new version and leave the old version intact', async () => {
    await importer.importCourses({ contentDir });
    const file = moduleFile(NETWORKS, '02-strategic-planning.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/(## [^\n]+\{#[^}]+\}\n\n)/, '$1A sentence added by the hub editor.\n\n'));

    const report = await importer.importCourses({ contentDir });
    expect(report.courses.find((course) => course.slug === NETWORKS)).toMatchObject({
      versionNumber: 2,
      status: 'created',
    });
    expect(report.courses.find((course) => course.slug === RESOURCES)).toMatchObject({
      versionNumber: 1,
      status: 'unchanged',
    });

    const content = moduleRef.get(ContentService);
    const first = await content.getCourse(NETWORKS, 1);
    const second = await content.getCourse(NETWORKS, 2);
    const firstModule = await content.getModule(first, 'net-m02');
    const secondModule = await content.getModule(second, 'net-m02');
    expect(firstModule.sections[0].html).not.toContain('added by the hub editor');
    expect(secondModule.sections[0].html).toContain('added by the hub editor');
    expect((await content.listVersions(NETWORKS)).map((version) => version.versionNumber)).toEqual([2, 1]);
  });

  it('should reject a broken file with its file and line and write nothing, even for the valid courses', async () => {
    const file = moduleFile(RESOURCES, '04-strategic-budgeting.md');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const headingIndex = lines.findIndex((line) => line.startsWith('## '));
    lines[headingIndex] = '## A heading without its stable id';
    await writeFile(file, lines.join('\n'));

    const error = await importer.importCourses({ contentDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentImportError);
    expect((error as ContentImportError).problems).toEqual([
      {
        file, // outside the working directory, so shown in full
        line: headingIndex + 1,
        message:
          'section heading "A heading without its stable id" needs a stable id at its end, e.g. {#net-m01-intro}',
      },
    ]);
    expect((error as Error).message).toContain(`${file}:${headingIndex + 1}: section heading`);
    expect(await counts()).toEqual({ courses: 0, versions: 0, modules: 0, sections: 0 });
  });

  it('should roll back everything when the database refuses part of an import', async () => {
    await importer.importCourses({ contentDir });
    // Both courses change, so both would get a new version; the second one's folder name is taken by a
    // retired course, which only the database knows: the first course's new version must not survive.
    for (const [slug, name] of [
      [NETWORKS, '01-introduction-to-networks.md'],
      [RESOURCES, '01-school-finance.md'],
    ]) {
      const file = moduleFile(slug, name);
      await writeFile(file, (await readFile(file, 'utf8')) + '\nA change, so that a new version would be written.\n');
    }
    await dataSource.query(`INSERT INTO courses (id, slug) VALUES ('retired-course', 'zz-retired')`);
    await cp(path.join(contentDir, 'courses', RESOURCES), path.join(contentDir, 'courses', 'zz-retired'), {
      recursive: true,
    });
    await rm(path.join(contentDir, 'courses', RESOURCES), { recursive: true });
    const before = await counts();
    await expect(importer.importCourses({ contentDir })).rejects.toThrow(
      /zz-retired.*already belongs to course retired-course/,
    );
    expect(await counts()).toEqual(before);
  });

  it('should create exactly one version when two imports of the same change race', async () => {
    await importer.importCourses({ contentDir });
    const file = moduleFile(NETWORKS, '05-data-driven-decisions.md');
    await writeFile(file, (await readFile(file, 'utf8')) + '\nOne more closing sentence.\n');
    const reports = await Promise.all([importer.importCourses({ contentDir }), importer.importCourses({ contentDir })]);
    const statuses = reports.map((report) => report.courses.find((course) => course.slug === NETWORKS)!.status).sort();
    expect(statuses).toEqual(['created', 'unchanged']);
    expect((await counts()).versions).toBe(3);
  });

  describe('capstone.yaml and gradebook weights', () => {
    // The app's ContentService caches versions forever, and every test here truncates and re-imports them.
    const freshContent = () => new ContentService(moduleRef.get(ContentRepository));

    it('should store each seed course capstone with rendered Markdown, and the gradebook weights', async () => {
      await importer.importCourses({ contentDir });
      const rows: { slug: string; capstone: CapstoneDefinition | null; gradebook: unknown }[] = await dataSource.query(
        `SELECT c.slug, v.capstone, v.outline -> 'gradebook' AS gradebook
         FROM course_versions v JOIN courses c ON c.id = v.course_id ORDER BY c.slug`,
      );
      expect(
        rows.map((row) => [row.slug, row.capstone?.sections.length, row.capstone?.rubric.criteria.length]),
      ).toEqual([
        [NETWORKS, 10, 6],
        [RESOURCES, 9, 6],
      ]);
      for (const row of rows) {
        expect(row.gradebook).toEqual({ quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 });
        expect(row.capstone?.briefHtml).toContain('<h3>How it is judged</h3>');
        expect(row.capstone?.sections.every((section) => section.guidanceHtml.startsWith('<p>'))).toBe(true);
      }

      const content = freshContent();
      const course = await content.getCourse(NETWORKS);
      expect(course.gradebook).toEqual({ quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 });
      const capstone = await content.getCapstone(course);
      expect(capstone).toEqual(rows[0].capstone);
      expect(capstone?.sections.find((section) => section.id === 'budget')?.kind).toBe('budget');
    });

    it('should make a new version when only capstone.yaml changes, and keep the old capstone', async () => {
      await importer.importCourses({ contentDir });
      const file = courseFile(NETWORKS, 'capstone.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('weight: 25', 'weight: 30'));

      const report = await importer.importCourses({ contentDir });
      expect(report.courses.map((course) => [course.slug, course.versionNumber, course.status])).toEqual([
        [NETWORKS, 2, 'created'],
        [RESOURCES, 1, 'unchanged'],
      ]);
      const content = freshContent();
      const weightOfCoherence = async (version: number) =>
        (await content.getCapstone(await content.getCourse(NETWORKS, version)))?.rubric.criteria.find(
          (criterion) => criterion.id === 'coherence',
        )?.weight;
      expect(await weightOfCoherence(1)).toBe(25);
      expect(await weightOfCoherence(2)).toBe(30);
    });

    it('should refuse a broken capstone.yaml with its file and line and write nothing', async () => {
      const file = courseFile(RESOURCES, 'capstone.yaml');
      const lines = (await readFile(file, 'utf8')).split('\n');
      const kindIndex = lines.indexOf('    kind: budget');
      lines[kindIndex] = '    kind: spreadsheet';
      await writeFile(file, lines.join('\n'));

      const error = await importer.importCourses({ contentDir }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ContentImportError);
      expect((error as ContentImportError).problems).toEqual([
        { file, line: kindIndex + 1, message: 'sections[2].kind: kind must be one of text, activities, budget' },
      ]);
      expect(await counts()).toEqual({ courses: 0, versions: 0, modules: 0, sections: 0 });
    });

    it('should store no capstone for a course without capstone.yaml, once its gradebook stops weighting one', async () => {
      await rm(courseFile(RESOURCES, 'capstone.yaml'));
      const yaml = courseFile(RESOURCES, 'course.yaml');
      const error = await importer.importCourses({ contentDir }).catch((caught: unknown) => caught);
      expect((error as ContentImportError).problems).toEqual([
        {
          file: yaml,
          line: (await readFile(yaml, 'utf8')).split('\n').indexOf('gradebook:') + 1,
          message: 'gradebook gives the capstone a weight of 60, but the course has no capstone.yaml',
        },
      ]);

      await writeFile(
        yaml,
        (await readFile(yaml, 'utf8')).replace('  quizzes: 40\n  capstone: 60\n', '  quizzes: 100\n  capstone: 0\n'),
      );
      await importer.importCourses({ contentDir });
      const content = freshContent();
      const course = await content.getCourse(RESOURCES);
      expect(await content.getCapstone(course)).toBeNull();
      expect(course.gradebook).toEqual({ quizzes: 100, capstone: 0, peerReview: 0, passPercent: 60 });
    });

    it('should give a version imported before the gradebook existed the default weights and no capstone', async () => {
      await importer.importCourses({ contentDir });
      await dataSource.query(
        `INSERT INTO course_versions (course_id, number, content_hash, language, title, summary, outline)
         SELECT course_id, 7, repeat('0', 64), language, title, summary, outline - 'gradebook'
         FROM course_versions WHERE course_id = 'epm-networks'`,
      );
      const content = freshContent();
      const old = await content.getCourse(NETWORKS, 7);
      expect(old.outline.gradebook).toBeUndefined();
      expect(old.gradebook).toEqual({ quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 });
      expect(await content.getCapstone(old)).toBeNull();
    });
  });

  it('should refuse to change a stored version', async () => {
    await importer.importCourses({ contentDir });
    await expect(dataSource.query(`UPDATE module_sections SET html = '<p>rewritten</p>'`)).rejects.toThrow(
      /course versions are immutable/,
    );
    await expect(dataSource.query(`UPDATE course_versions SET title = 'x'`)).rejects.toThrow(/immutable/);
  });
});
