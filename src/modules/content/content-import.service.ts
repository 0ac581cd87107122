import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { readCourseFolders, readTrackFolders } from './content-files.reader.js';
import { ContentRepository, SlugTakenError, type StoredVersion } from './content.repository.js';
import { ContentImportError } from './content.errors.js';
import type { EntityManager } from 'typeorm';
import type { ContentProblem, CourseContent } from './domain/content.types.js';
import { parseCourse } from './domain/parse-course.js';
import { prepareCourse, prepareTrack, type PreparedCourse } from './domain/prepare-course.js';
import { parseTrackFiles } from './domain/parse-track.js';

export interface ImportReport {
  courses: (StoredVersion & { status: 'created' | 'unchanged' })[];
}

@Injectable()
export class ContentImportService {
  private readonly logger = new Logger(ContentImportService.name);

  constructor(
    private readonly repository: ContentRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Validates every course folder first and writes only when all of them are valid, in one transaction:
   * a bad file imports nothing. Unchanged courses are a no-op; changed ones become a new version.
   */
  async importCourses(options: { contentDir?: string; only?: string[] } = {}): Promise<ImportReport> {
    const contentDir = options.contentDir ?? this.config.CONTENT_DIR;
    const courseRead = await readCourseFolders(contentDir, options.only);
    const trackRead = await readTrackFolders(contentDir, options.only);
    const folders = [...courseRead.courses, ...trackRead.courses];
    // `only` names folders of either kind: a slug is missing only when neither courses/ nor tracks/ has it.
    const found = new Set(folders.map((folder) => folder.slug));
    const problems = [...courseRead.problems, ...trackRead.problems].filter(
      (problem) => !(problem.message === 'no such course folder' && found.has(problem.file.split(/[\\/]/).pop() ?? '')),
    );
    const prepared: PreparedCourse[] = [];
    const courseIds = new Map<string, string>();
    const parsedCourses: { folder: (typeof folders)[number]; course: CourseContent }[] = [];
    for (const folder of folders) {
      const parsed = parseCourse(folder);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        continue;
      }
      parsedCourses.push({ folder, course: parsed.value });
    }
    // Calibration references are checked against the capstones of the courses in this import.
    const capstones = new Map(
      parsedCourses.flatMap(({ course }) => (course.capstone ? [[course.id, course.capstone] as const] : [])),
    );
    for (const { folder, course } of parsedCourses) {
      const otherFolder = courseIds.get(course.id);
      if (otherFolder) {
        problems.push({
          file: folder.course.file,
          line: 1,
          message: `course id ${course.id} is also used by ${otherFolder}`,
        });
        continue;
      }
      courseIds.set(course.id, folder.course.file);
      if (folder.track) {
        const track = parseTrackFiles(folder.track.teachBack, folder.track.calibration, capstones, {
          // A course that failed to parse already has its own problems: its references are not reported twice.
          skipUnknownCourses: parsedCourses.length < folders.length,
        });
        if (!track.ok) {
          problems.push(...track.problems);
          continue;
        }
        prepared.push(prepareTrack(course, track.value));
      } else prepared.push(prepareCourse(course));
    }
    if (problems.length > 0) throw new ContentImportError(sortProblems(problems));

    let stored: StoredVersion[];
    try {
      stored = await this.repository.storeCourses(prepared);
    } catch (error) {
      if (error instanceof SlugTakenError) {
        const file = folders.find((folder) => folder.slug === error.slug)?.course.file ?? error.slug;
        throw new ContentImportError([{ file, line: 1, message: error.message }]);
      }
      throw error;
    }
    const report: ImportReport = {
      courses: stored.map((entry) => ({ ...entry, status: entry.created ? 'created' : 'unchanged' })),
    };
    for (const course of report.courses) {
      this.logger.log(`${course.slug}: version ${course.versionNumber} ${course.status}`);
    }
    return report;
  }

  /**
   * Stores one course already parsed (a course package's course.json) the way the folders are stored: the same
   * content gives the same hash, so importing it again is a no-op. Runs in the caller's transaction.
   */
  async importParsedCourse(course: CourseContent, manager: EntityManager): Promise<ImportReport['courses'][number]> {
    let stored: StoredVersion;
    try {
      [stored] = await this.repository.storeCourses([prepareCourse(course)], manager);
    } catch (error) {
      if (error instanceof SlugTakenError)
        throw new ContentImportError([{ file: 'course.json', line: 1, message: error.message }]);
      throw error;
    }
    return { ...stored, status: stored.created ? 'created' : 'unchanged' };
  }
}

function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
