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
import { ContentImportError } from '../../src/modules/content/content.errors.js';
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

  it('should refuse to change a stored version', async () => {
    await importer.importCourses({ contentDir });
    await expect(dataSource.query(`UPDATE module_sections SET html = '<p>rewritten</p>'`)).rejects.toThrow(
      /course versions are immutable/,
    );
    await expect(dataSource.query(`UPDATE course_versions SET title = 'x'`)).rejects.toThrow(/immutable/);
  });
});
