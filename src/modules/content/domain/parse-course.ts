import { declarationLines, parseQuizFile, type QuizFile } from '../../quizzes/domain/quiz-file.js';
import { resolveQuizSettings } from '../../quizzes/domain/quiz-settings.js';
import { DEFAULT_PEER_REVIEW_SETTINGS } from '../../peer-review/domain/peer-review-settings.js';
import type {
  CapstoneContent,
  CompletionRules,
  ContentProblem,
  CourseContent,
  ModuleContent,
} from './content.types.js';
import { courseYamlSchema, DEFAULT_GRADEBOOK_WEIGHTS, STABLE_ID_PATTERN, type CourseYaml } from './content.schema.js';
import { parseCapstoneFile } from './parse-capstone.js';
import { parseModuleMarkdown, type ParsedModule } from './parse-module.js';
import { parseYamlWithSchema, type ParseResult } from './parse-yaml.js';

export interface ContentFile {
  /** Path shown in errors, relative to the content folder's parent (e.g. content/courses/x/course.yaml). */
  file: string;
  source: string;
}

export interface CourseFiles {
  slug: string;
  course: ContentFile;
  modules: ContentFile[];
  /** Question banks, modules/*.quiz.yaml; a module without one has no quiz. */
  quizzes?: ContentFile[];
  /** capstone.yaml: the brief, plan sections and rubric; a course without one has no capstone. */
  capstone?: ContentFile;
  /** A trainer-of-trainers track (content/tracks/<slug>/) with its teach-back.yaml and calibration.yaml. */
  track?: { teachBack: ContentFile; calibration: ContentFile };
}

/** Parses and cross-checks one course folder. Every problem of every file is reported, not just the first. */
export function parseCourse(files: CourseFiles): ParseResult<CourseContent> {
  const problems: ContentProblem[] = [];
  if (!STABLE_ID_PATTERN.test(files.slug)) {
    problems.push({
      file: files.course.file,
      line: 1,
      message: `course folder name "${files.slug}" must be lowercase letters, digits and hyphens`,
    });
  }
  const outline = parseYamlWithSchema(files.course.source, files.course.file, courseYamlSchema);
  if (!outline.ok) problems.push(...outline.problems);

  const modules: { parsed: ParsedModule; file: string }[] = [];
  for (const moduleFile of files.modules) {
    const parsed = parseModuleMarkdown(moduleFile.source, moduleFile.file);
    if (parsed.ok) modules.push({ parsed: parsed.value, file: moduleFile.file });
    else problems.push(...parsed.problems);
  }
  const quizzes: { quiz: QuizFile; file: string; source: string }[] = [];
  for (const quizFile of files.quizzes ?? []) {
    const parsed = parseQuizFile(quizFile.source, quizFile.file);
    if (parsed.ok) quizzes.push({ quiz: parsed.value, file: quizFile.file, source: quizFile.source });
    else problems.push(...parsed.problems);
  }
  let capstone: CapstoneContent | undefined;
  if (files.capstone) {
    const parsed = parseCapstoneFile(files.capstone.source, files.capstone.file);
    if (parsed.ok) capstone = parsed.value;
    else problems.push(...parsed.problems);
  }
  if (files.modules.length === 0) {
    problems.push({ file: files.course.file, line: 1, message: 'the course has no module files (modules/*.md)' });
  }
  if (!outline.ok || problems.length > 0) return { ok: false, problems };

  const course = outline.value;
  const courseFile = files.course.file;
  const lineOf = (token: string) => lineContaining(files.course.source, token);

  const completion = resolveCompletionRules(course, Boolean(files.capstone));
  if (course.gradebook && course.gradebook.capstone > 0 && !files.capstone) {
    problems.push({
      file: courseFile,
      line: lineOf('gradebook:'),
      message: `gradebook gives the capstone a weight of ${course.gradebook.capstone}, but the course has no capstone.yaml`,
    });
  }

  if (course.peerReview?.rubric === 'own' && !capstone?.peerRubric) {
    problems.push({
      file: courseFile,
      line: lineOf('rubric:'),
      message: 'peerReview.rubric is own, but capstone.yaml has no peerRubric: add one, or use rubric: capstone',
    });
  }

  // Ids are unique across the whole course: translations and copies are keyed by them.
  const seen = new Map<string, string>();
  const claim = (id: string, where: string) => {
    const first = seen.get(id);
    if (first) {
      const [file, line] = splitWhere(where);
      problems.push({ file, line, message: `duplicate id ${id} (already used at ${first})` });
    } else seen.set(id, where);
  };
  const courseItems = [
    course.outcomes,
    course.audience,
    course.methodologies,
    course.benefits.participants,
    course.benefits.organization,
    course.actionPlan,
  ].flat();
  claim(course.id, `${courseFile}:${lineOf(`id: ${course.id}`)}`);
  for (const entry of [...courseItems, ...course.weeks]) claim(entry.id, `${courseFile}:${lineOf(`id: ${entry.id}`)}`);
  for (const { parsed, file } of modules) {
    claim(parsed.id, `${file}:${parsed.lines.id}`);
    for (const objective of parsed.objectives)
      claim(objective.id, `${file}:${lineContaining(sourceOf(files, file), `id: ${objective.id}`)}`);
    for (const section of parsed.sections) claim(section.id, `${file}:${parsed.lines.sections.get(section.id) ?? 1}`);
  }

  for (const { quiz, file, source } of quizzes) {
    // Found in one pass: an imported bank can hold thousands of questions.
    const declared = declarationLines(source);
    for (const question of quiz.questions) claim(question.id, `${file}:${declared.get(question.id)?.[0] ?? 1}`);
  }

  const byId = new Map(modules.map((entry) => [entry.parsed.id, entry]));
  const quizOf = new Map<string, QuizFile>();
  for (const { quiz, file, source } of quizzes) {
    const moduleLine = lineContaining(source, 'module:');
    if (!byId.has(quiz.moduleId)) {
      problems.push({ file, line: moduleLine, message: `no module file has id ${quiz.moduleId}` });
      continue;
    }
    if (quizOf.has(quiz.moduleId)) {
      problems.push({ file, line: moduleLine, message: `module ${quiz.moduleId} already has a quiz file` });
      continue;
    }
    const drawCount = quiz.settings.drawCount ?? course.quiz?.drawCount;
    if (drawCount && drawCount > quiz.questions.length) {
      problems.push({
        file,
        line: quiz.settings.drawCount ? lineContaining(source, 'drawCount:') : 1,
        message: `drawCount is ${drawCount} but the bank has only ${quiz.questions.length} questions`,
      });
      continue;
    }
    quizOf.set(quiz.moduleId, quiz);
  }
  const byNumber = new Map<number, string>();
  for (const { parsed, file } of modules) {
    const other = byNumber.get(parsed.number);
    if (other)
      problems.push({
        file,
        line: lineContaining(sourceOf(files, file), 'number:'),
        message: `module number ${parsed.number} is also used by ${other}`,
      });
    else byNumber.set(parsed.number, file);
  }
  const highest = Math.max(0, ...byNumber.keys());
  for (let number = 1; number < highest; number++) {
    if (byNumber.has(number)) continue;
    const nextNumber = [...byNumber.keys()].filter((n) => n > number).sort((a, b) => a - b)[0];
    const file = byNumber.get(nextNumber)!;
    problems.push({
      file,
      line: lineContaining(sourceOf(files, file), 'number:'),
      message: `no module has number ${number}: module numbers must run 1, 2, 3… without gaps`,
    });
  }

  const placed = new Map<string, number>();
  const weekNumbers = new Set<number>();
  for (const week of course.weeks) {
    if (weekNumbers.has(week.number))
      problems.push({
        file: courseFile,
        line: lineOf(`id: ${week.id}`),
        message: `week number ${week.number} is used twice`,
      });
    weekNumbers.add(week.number);
    for (const moduleId of week.modules) {
      if (!byId.has(moduleId)) {
        problems.push({
          file: courseFile,
          line: lineOf(moduleId),
          message: `week ${week.number} lists module ${moduleId}, but no module file has that id`,
        });
      } else if (placed.has(moduleId)) {
        problems.push({
          file: courseFile,
          line: lineOf(moduleId),
          message: `module ${moduleId} is listed in week ${placed.get(moduleId)} and week ${week.number}`,
        });
      } else placed.set(moduleId, week.number);
    }
  }
  for (const { parsed, file } of modules) {
    if (!placed.has(parsed.id))
      problems.push({
        file,
        line: parsed.lines.id,
        message: `module ${parsed.id} is not listed in any week of course.yaml`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };

  const orderedModules: ModuleContent[] = modules
    .map(({ parsed }) => {
      const { lines: _lines, ...content } = parsed;
      const quiz = quizOf.get(parsed.id);
      return quiz
        ? { ...content, quiz: { settings: resolveQuizSettings(course.quiz, quiz.settings), questions: quiz.questions } }
        : content;
    })
    .sort((a, b) => a.number - b.number);
  const weeks = [...course.weeks]
    .sort((a, b) => a.number - b.number)
    .map((week) => ({
      id: week.id,
      number: week.number,
      title: week.title,
      moduleIds: [...week.modules].sort((a, b) => byId.get(a)!.parsed.number - byId.get(b)!.parsed.number),
    }));

  return {
    ok: true,
    value: {
      id: course.id,
      slug: files.slug,
      language: course.language,
      title: course.title,
      summary: course.summary,
      introduction: course.introduction,
      hours: course.hours,
      outcomes: course.outcomes,
      audience: course.audience,
      methodologies: course.methodologies,
      benefits: course.benefits,
      weeks,
      actionPlan: course.actionPlan,
      completion,
      // Without a capstone there is nothing to give the capstone's share to: the quizzes make the whole grade.
      gradebook:
        course.gradebook ??
        (capstone ? { ...DEFAULT_GRADEBOOK_WEIGHTS } : { ...DEFAULT_GRADEBOOK_WEIGHTS, quizzes: 100, capstone: 0 }),
      ...(course.peerReview ? { peerReview: course.peerReview } : {}),
      modules: orderedModules,
      ...(capstone ? { capstone } : {}),
    },
  };
}

/**
 * course.yaml `completion:` with its defaults: every module quiz passed, modules not required, the capstone passed
 * when the course has one, and, when the course uses peer review (a `peerReview:` block or a peerReview weight), the
 * reviews each participant is asked to do. A course without a capstone asks for no capstone and no peer review.
 */
export function resolveCompletionRules(
  course: Pick<CourseYaml, 'completion' | 'peerReview' | 'gradebook'>,
  hasCapstone: boolean,
): CompletionRules {
  const usesPeerReview = hasCapstone && (course.peerReview !== undefined || (course.gradebook?.peerReview ?? 0) > 0);
  const reviews =
    course.peerReview?.reviewsPerReviewer ??
    course.peerReview?.reviewsPerSubmission ??
    DEFAULT_PEER_REVIEW_SETTINGS.reviewsPerSubmission;
  return {
    modules: course.completion?.modules ?? 0,
    quizzes: course.completion?.quizzes ?? 'all',
    capstone: hasCapstone && (course.completion?.capstone ?? true),
    // Without a capstone there is nothing to review, whatever the block says.
    peerReviews: hasCapstone ? (course.completion?.peerReviews ?? (usesPeerReview ? reviews : 0)) : 0,
  };
}

function sourceOf(files: CourseFiles, file: string): string {
  return files.modules.find((entry) => entry.file === file)?.source ?? '';
}

function lineContaining(source: string, token: string): number {
  const index = source.split(/\r?\n/).findIndex((line) => line.includes(token));
  return index < 0 ? 1 : index + 1;
}

function splitWhere(where: string): [string, number] {
  const at = where.lastIndexOf(':');
  return [where.slice(0, at), Number(where.slice(at + 1))];
}
