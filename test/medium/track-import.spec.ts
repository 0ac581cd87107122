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
import { ContentImportError } from '../../src/modules/content/content.errors.js';
import { ContentModule } from '../../src/modules/content/content.module.js';
import type { TrackDefinition } from '../../src/modules/content/domain/parse-track.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { useTestEnvironment } from '../support/test-app.js';

describe('importing the trainer-of-trainers track from content/tracks', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let importer: ContentImportService;
  let dataSource: DataSource;
  let contentDir: string;
  const trackFile = (name: string) => path.join(contentDir, 'tracks', 'trainer-of-trainers', name);

  beforeAll(async () => {
    database = await createTestDatabase();
    useTestEnvironment(database);
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, ContentModule] }).compile();
    importer = moduleRef.get(ContentImportService);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE courses, course_versions, course_modules, module_sections CASCADE');
    contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-track-'));
    await cp('content', contentDir, { recursive: true });
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  it('should store the track as a course flagged track, with its modules, quizzes, checklist and references', async () => {
    const report = await importer.importCourses({ contentDir });
    expect(report.courses.find((course) => course.slug === 'trainer-of-trainers')).toMatchObject({
      courseId: 'tot-track',
      versionNumber: 1,
      status: 'created',
    });
    const kinds = await dataSource.query<{ id: string; kind: string }[]>(`SELECT id, kind FROM courses ORDER BY id`);
    expect(kinds).toEqual([
      { id: 'epm-networks', kind: 'course' },
      { id: 'epm-resources', kind: 'course' },
      { id: 'tot-track', kind: 'track' },
    ]);
    const [row] = await dataSource.query<{ modules: number; quizzes: number; track: TrackDefinition }[]>(
      `SELECT (SELECT count(*)::int FROM course_modules m WHERE m.course_version_id = v.id) AS modules,
              (SELECT count(*)::int FROM course_modules m WHERE m.course_version_id = v.id AND m.quiz_settings IS NOT NULL) AS quizzes,
              v.track
       FROM course_versions v WHERE v.course_id = 'tot-track'`,
    );
    expect(row).toMatchObject({ modules: 8, quizzes: 8 });
    expect(row.track.teachBack.rubric.criteria).toHaveLength(8);
    expect(row.track.teachBack).toMatchObject({ passPercent: 70, minimumPoints: 2 });
    expect(row.track.calibration.passRule).toEqual({ withinLevels: 1, minimumPercent: 80 });
    expect(row.track.calibration.references.map((reference) => reference.course).sort()).toEqual([
      'epm-networks',
      'epm-networks',
      'epm-networks',
      'epm-resources',
      'epm-resources',
      'epm-resources',
    ]);
    // The courses themselves carry no track definition.
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM course_versions WHERE track IS NOT NULL`)).toEqual([
      { n: 1 },
    ]);
  });

  it('should make a new track version when only teach-back.yaml changes, and none on an unchanged re-import', async () => {
    await importer.importCourses({ contentDir });
    expect(
      (await importer.importCourses({ contentDir })).courses.every((course) => course.status === 'unchanged'),
    ).toBe(true);
    await writeFile(
      trackFile('teach-back.yaml'),
      (await readFile(trackFile('teach-back.yaml'), 'utf8')).replace('passPercent: 70', 'passPercent: 75'),
    );
    const report = await importer.importCourses({ contentDir });
    expect(
      report.courses
        .filter((course) => course.status === 'created')
        .map((course) => [course.courseId, course.versionNumber]),
    ).toEqual([['tot-track', 2]]);
  });

  it('should refuse a calibration level the course rubric lacks, naming file and line, and import nothing', async () => {
    const source = await readFile(trackFile('calibration.yaml'), 'utf8');
    const lines = source.split('\n');
    const index = lines.findIndex((line) => /^\s{6}evidence-of-need: \w+/.test(line));
    lines[index] = lines[index].replace(/evidence-of-need: \w+/, 'evidence-of-need: outstanding');
    await writeFile(trackFile('calibration.yaml'), lines.join('\n'));
    const error = (await importer
      .importCourses({ contentDir })
      .catch((caught: unknown) => caught)) as ContentImportError;
    expect(error).toBeInstanceOf(ContentImportError);
    expect(error.problems).toEqual([
      {
        file: trackFile('calibration.yaml'),
        line: index + 1,
        message: expect.stringMatching(/levels\.evidence-of-need: criterion evidence-of-need has no level outstanding/),
      },
    ]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM courses`)).toEqual([{ n: 0 }]);
  });

  it('should refuse a track folder without its teach-back.yaml', async () => {
    await rm(trackFile('teach-back.yaml'));
    const error = (await importer
      .importCourses({ contentDir })
      .catch((caught: unknown) => caught)) as ContentImportError;
    expect(error.problems).toEqual([
      { file: trackFile('teach-back.yaml'), line: 1, message: 'missing: every track folder needs a teach-back.yaml' },
    ]);
  });
});
