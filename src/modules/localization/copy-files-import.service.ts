import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { readCourseFolders } from '../content/content-files.reader.js';
import { ContentImportError } from '../content/content.errors.js';
import type { ContentProblem } from '../content/domain/content.types.js';
import { parseCourse, type ContentFile, type CourseFiles } from '../content/domain/parse-course.js';
import { parseModuleMarkdown } from '../content/domain/parse-module.js';
import { InstitutesService, type InstituteView } from '../institutes/institutes.service.js';
import { parseQuizFile } from '../quizzes/domain/quiz-file.js';
import { CourseCopiesRepository } from './course-copies.repository.js';
import { changedUnits, parseCopyYaml, planCopyUnits, type CopyYaml, type DesiredUnit } from './domain/copy-files.js';

export interface CopyImportReport {
  copies: { institute: string; slug: string; created: boolean; written: number }[];
  /** Folders of institutes that do not exist yet (a fresh database imports content before the demo seed). */
  skipped: string[];
}

interface PlannedCopy {
  institute: InstituteView;
  slug: string;
  copyYaml: CopyYaml;
  courseId: string;
  versionId: string;
  desired: DesiredUnit[];
}

/**
 * Imports content/copies/<institute>/<copy>/: copy.yaml and course files mirroring the master's (same names, same
 * ids), parsed by the course parser. Every folder is checked before anything is written, and all are written in one
 * transaction: a bad file (named with its line) imports nothing. Importing unchanged files writes nothing.
 */
@Injectable()
export class CopyFilesImportService {
  private readonly logger = new Logger(CopyFilesImportService.name);

  constructor(
    private readonly repository: CourseCopiesRepository,
    private readonly audit: AuditRepository,
    private readonly institutes: InstitutesService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async importCopies(options: { contentDir?: string } = {}): Promise<CopyImportReport> {
    const contentDir = options.contentDir ?? this.config.CONTENT_DIR;
    const copiesDir = path.join(contentDir, 'copies');
    if (!(await isDirectory(copiesDir))) return { copies: [], skipped: [] };
    const problems: ContentProblem[] = [];
    const planned: PlannedCopy[] = [];
    const skipped: string[] = [];
    for (const instituteSlug of await subfolders(copiesDir)) {
      if (!(await this.institutes.findBySlug(instituteSlug))) {
        skipped.push(display(path.join(copiesDir, instituteSlug)));
        continue;
      }
      for (const slug of await subfolders(path.join(copiesDir, instituteSlug))) {
        const result = await this.plan(contentDir, instituteSlug, slug);
        if (Array.isArray(result)) problems.push(...result);
        else planned.push(result);
      }
    }
    if (problems.length > 0)
      throw new ContentImportError([...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line));

    const report = await this.repository.transaction(async (manager) => {
      const copies: CopyImportReport['copies'] = [];
      for (const plan of planned) {
        let copy = await this.repository.findCopyBySlug(plan.institute.id, plan.slug, manager);
        const created = copy === null;
        if (!copy) {
          copy = await this.repository.createCopy(manager, {
            instituteId: plan.institute.id,
            courseId: plan.courseId,
            slug: plan.slug,
            language: plan.copyYaml.language,
            title: plan.copyYaml.title,
            branding: plan.copyYaml.branding ?? {},
            baseVersionId: plan.versionId,
            createdBy: null,
          });
          await this.audit.append(manager, {
            instituteId: plan.institute.id,
            actorUserId: null,
            action: 'course-copy.created',
            entityType: 'course_copy',
            entityId: copy.id,
            after: {
              source: 'content-import',
              slug: copy.slug,
              courseId: copy.courseId,
              baseVersionId: plan.versionId,
            },
          });
        }
        await this.repository.lockCopy(manager, plan.institute.id, copy.id);
        const current = await this.repository.currentUnits(plan.institute.id, copy.id, manager);
        const changed = changedUnits(plan.desired, current);
        const written = await this.repository.appendUnits(manager, copy.id, changed, null);
        if (written.length > 0)
          await this.audit.append(manager, {
            instituteId: plan.institute.id,
            actorUserId: null,
            action: 'course-copy.units-imported',
            entityType: 'course_copy',
            entityId: copy.id,
            after: { units: written.map((row) => ({ row: row.id, unit: row.unitId, kind: row.kind })) },
          });
        copies.push({ institute: plan.institute.slug, slug: plan.slug, created, written: written.length });
      }
      return { copies, skipped };
    });
    for (const folder of skipped) this.logger.warn(`${folder}: no such institute yet, skipped`);
    for (const copy of report.copies)
      this.logger.log(`${copy.institute}/${copy.slug}: ${copy.created ? 'created, ' : ''}${copy.written} unit rows`);
    return report;
  }

  private async plan(contentDir: string, instituteSlug: string, slug: string): Promise<PlannedCopy | ContentProblem[]> {
    const folder = path.join(contentDir, 'copies', instituteSlug, slug);
    const copyYamlPath = path.join(folder, 'copy.yaml');
    const copyYamlFile = display(copyYamlPath);
    if (!(await isFile(copyYamlPath)))
      return [{ file: copyYamlFile, line: 1, message: 'missing: every copy folder needs a copy.yaml' }];
    const copyYamlSource = await readFile(copyYamlPath, 'utf8');
    const parsedYaml = parseCopyYaml(copyYamlSource, copyYamlFile);
    if (!parsedYaml.ok) return parsedYaml.problems;
    const copyYaml = parsedYaml.value;
    const at = (message: string, line = 1): ContentProblem[] => [{ file: copyYamlFile, line, message }];
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return at(`copy folder name "${slug}" must be a stable id`);

    const institute = await this.institutes.findBySlug(instituteSlug);
    if (!institute) return at(`no institute "${instituteSlug}" (the folder above the copy names it)`);
    if (!institute.languages.includes(copyYaml.language))
      return at(
        `language: ${copyYaml.language} is not one of ${institute.slug}'s languages (${institute.languages.join(', ')})`,
        lineContaining(copyYamlSource, 'language:'),
      );
    const master = await this.repository.findNewestVersionOfCourse(copyYaml.course);
    if (!master)
      return at(`course: no imported master course ${copyYaml.course}`, lineContaining(copyYamlSource, 'course:'));
    const masterContent = await this.repository.loadCourseContent(master.versionId);
    const masterFolders = await readCourseFolders(contentDir, [master.slug]);
    const masterFiles = masterFolders.courses[0];
    if (!masterContent || !masterFiles)
      return at(`course: the files of master course ${copyYaml.course} (content/courses/${master.slug}) are missing`);

    const own = await readCopyFiles(folder);
    const problems: ContentProblem[] = [];
    const byName = (files: ContentFile[]) => new Map(files.map((file) => [path.basename(file.file), file]));
    const masterModules = byName(masterFiles.modules);
    const masterQuizzes = byName(masterFiles.quizzes ?? []);
    for (const file of [...own.modules, ...own.quizzes])
      if (!masterModules.has(path.basename(file.file)) && !masterQuizzes.has(path.basename(file.file)))
        problems.push({
          file: file.file,
          line: 1,
          message: `no master file has this name in content/courses/${master.slug}/modules: a copy mirrors the master's file names`,
        });
    if (own.capstone && !masterFiles.capstone)
      problems.push({ file: own.capstone.file, line: 1, message: 'the master course has no capstone.yaml' });
    if (problems.length > 0) return problems;

    const ownModules = byName(own.modules);
    const ownQuizzes = byName(own.quizzes);
    const merged: CourseFiles = {
      slug: master.slug,
      course: own.course ?? masterFiles.course,
      modules: [...masterModules].map(([name, file]) => ownModules.get(name) ?? file),
      quizzes: [...masterQuizzes].map(([name, file]) => ownQuizzes.get(name) ?? file),
      ...(masterFiles.capstone ? { capstone: own.capstone ?? masterFiles.capstone } : {}),
    };
    const parsed = parseCourse(merged);
    if (!parsed.ok) return parsed.problems;
    if (parsed.value.id !== masterContent.id)
      return [{ file: merged.course.file, line: 1, message: `id must be the master's (${masterContent.id})` }];

    const moduleIdOf = (file: ContentFile) => {
      const result = parseModuleMarkdown(file.source, file.file);
      return result.ok ? result.value.id : null;
    };
    const quizModuleOf = (file: ContentFile) => {
      const result = parseQuizFile(file.source, file.file);
      return result.ok ? result.value.moduleId : null;
    };
    const plan = planCopyUnits({
      master: masterContent,
      copy: parsed.value,
      files: {
        course: own.course !== null,
        capstone: own.capstone !== null,
        modules: new Set(own.modules.map(moduleIdOf).filter((id): id is string => id !== null)),
        quizzes: new Set(own.quizzes.map(quizModuleOf).filter((id): id is string => id !== null)),
      },
      copyYaml,
      copyYamlSource,
      copyYamlFile,
    });
    if (!plan.ok) return plan.problems;
    return { institute, slug, copyYaml, courseId: masterContent.id, versionId: master.versionId, desired: plan.value };
  }
}

async function readCopyFiles(folder: string) {
  const read = async (file: string): Promise<ContentFile> => ({
    file: display(file),
    source: await readFile(file, 'utf8'),
  });
  const modulesDir = path.join(folder, 'modules');
  const names = (await isDirectory(modulesDir)) ? (await readdir(modulesDir)).sort() : [];
  const coursePath = path.join(folder, 'course.yaml');
  const capstonePath = path.join(folder, 'capstone.yaml');
  return {
    course: (await isFile(coursePath)) ? await read(coursePath) : null,
    capstone: (await isFile(capstonePath)) ? await read(capstonePath) : null,
    modules: await Promise.all(
      names.filter((name) => name.endsWith('.md')).map((name) => read(path.join(modulesDir, name))),
    ),
    quizzes: await Promise.all(
      names.filter((name) => name.endsWith('.quiz.yaml')).map((name) => read(path.join(modulesDir, name))),
    ),
  };
}

function lineContaining(source: string, token: string): number {
  const index = source.split(/\r?\n/).findIndex((line) => line.includes(token));
  return index < 0 ? 1 : index + 1;
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function subfolders(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
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
