import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CourseFiles } from './domain/parse-course.js';
import type { ContentProblem } from './domain/content.types.js';

/**
 * Reads content/courses/<slug>/course.yaml, capstone.yaml when there is one, modules/*.md and their question banks
 * modules/*.quiz.yaml. Paths in the result are relative to the working directory, so an error reads like
 * content/courses/x/modules/03-y.md:12.
 */
export async function readCourseFolders(
  contentDir: string,
  only?: string[],
  folder: 'courses' | 'tracks' = 'courses',
): Promise<{ courses: CourseFiles[]; problems: ContentProblem[] }> {
  const coursesDir = path.join(contentDir, folder);
  const problems: ContentProblem[] = [];
  let slugs: string[];
  try {
    slugs = (await readdir(coursesDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return { courses: [], problems: [{ file: display(coursesDir), line: 1, message: 'content folder not found' }] };
  }
  if (only?.length) {
    for (const slug of only) {
      if (!slugs.includes(slug))
        problems.push({ file: display(path.join(coursesDir, slug)), line: 1, message: 'no such course folder' });
    }
    slugs = slugs.filter((slug) => only.includes(slug));
  }

  const courses: CourseFiles[] = [];
  for (const slug of slugs) {
    const courseDir = path.join(coursesDir, slug);
    const coursePath = path.join(courseDir, 'course.yaml');
    if (!(await isFile(coursePath))) {
      problems.push({
        file: display(coursePath),
        line: 1,
        message: 'missing: every course folder needs a course.yaml',
      });
      continue;
    }
    const modulesDir = path.join(courseDir, 'modules');
    const moduleFolder = (await isDirectory(modulesDir)) ? (await readdir(modulesDir)).sort() : [];
    const moduleNames = moduleFolder.filter((name) => name.endsWith('.md'));
    const quizNames = moduleFolder.filter((name) => name.endsWith('.quiz.yaml'));
    const readEach = (names: string[]) =>
      Promise.all(
        names.map(async (name) => {
          const file = path.join(modulesDir, name);
          return { file: display(file), source: await readFile(file, 'utf8') };
        }),
      );
    const capstonePath = path.join(courseDir, 'capstone.yaml');
    courses.push({
      slug,
      course: { file: display(coursePath), source: await readFile(coursePath, 'utf8') },
      modules: await readEach(moduleNames),
      quizzes: await readEach(quizNames),
      ...((await isFile(capstonePath))
        ? { capstone: { file: display(capstonePath), source: await readFile(capstonePath, 'utf8') } }
        : {}),
    });
  }
  return { courses, problems };
}

/**
 * Reads content/tracks/<slug>/: a course folder (same files, same parser) plus teach-back.yaml and calibration.yaml,
 * both required. A content folder without tracks/ simply has no tracks.
 */
export async function readTrackFolders(
  contentDir: string,
  only?: string[],
): Promise<{ courses: CourseFiles[]; problems: ContentProblem[] }> {
  const tracksDir = path.join(contentDir, 'tracks');
  if (!(await isDirectory(tracksDir))) return { courses: [], problems: [] };
  const read = await readCourseFolders(contentDir, only, 'tracks');
  const problems = [...read.problems];
  const courses: CourseFiles[] = [];
  for (const folder of read.courses) {
    const dir = path.join(tracksDir, folder.slug);
    const files: Partial<Record<'teachBack' | 'calibration', { file: string; source: string }>> = {};
    for (const [key, name] of [
      ['teachBack', 'teach-back.yaml'],
      ['calibration', 'calibration.yaml'],
    ] as const) {
      const file = path.join(dir, name);
      if (await isFile(file)) files[key] = { file: display(file), source: await readFile(file, 'utf8') };
      else problems.push({ file: display(file), line: 1, message: `missing: every track folder needs a ${name}` });
    }
    if (files.teachBack && files.calibration)
      courses.push({ ...folder, track: { teachBack: files.teachBack, calibration: files.calibration } });
  }
  return { courses, problems };
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
