import type { CapstoneDefinition, CapstoneSection, RubricCriterion } from '../../capstones/domain/capstone.types.js';
import type { ContentItem, CourseContent, ModuleContent, SectionKind } from '../../content/domain/content.types.js';
import { renderMarkdown } from '../../content/domain/render-markdown.js';
import type { Question } from '../../quizzes/domain/question.types.js';
import { listCourseUnits, UNIT_ID_SEPARATOR } from './translation-units.js';

export type CopyUnitKind = 'translated' | 'adapted' | 'hidden' | 'added';

/** The current (newest) row of one unit of a copy. */
export interface CopyUnitState {
  /** The row id (bigserial, as a string): orders local additions by when they were made. */
  id: string;
  kind: CopyUnitKind;
  text: string | null;
  sourceHash: string | null;
  afterUnit: string | null;
}

/**
 * How a text of a copy is shown. `untranslated`: the master text (in the master language, marked); `stale`: a
 * translation made from another master text (shown, marked "may be out of date").
 */
export type TextState = 'translated' | 'adapted' | 'stale' | 'untranslated' | 'added';

export interface LocalizedText {
  text: string;
  state: TextState;
  /** The language of the text when it is not the copy's (the master text of an untranslated unit), else null. */
  lang: string | null;
}

export interface LocalizedBlock extends LocalizedText {
  /** The Markdown rendered and sanitized by the lesson renderer. */
  html: string;
}

export interface LocalizedSection {
  id: string;
  kind: SectionKind;
  title: LocalizedText;
  body: LocalizedBlock;
  /** A local addition of the copy (not in the master). */
  local: boolean;
}

export interface LocalizedModule {
  id: string;
  number: number;
  estimatedMinutes: number;
  title: LocalizedText;
  introduction: LocalizedBlock;
  objectives: (LocalizedText & { id: string })[];
  sections: LocalizedSection[];
  /** Question definitions with the copy's text in place (ids, fractions and answers' values as in the master). */
  questions: Question[];
}

export interface LocalizationProblem {
  unitId: string;
  message: string;
}

export interface LocalizedCourse {
  language: string;
  masterLanguage: string;
  title: LocalizedText;
  summary: LocalizedText;
  introduction: LocalizedBlock;
  outcomes: LocalizedText[];
  audience: LocalizedText[];
  methodologies: LocalizedText[];
  benefits: { participants: LocalizedText[]; organization: LocalizedText[] };
  actionPlan: LocalizedText[];
  weeks: { id: string; number: number; title: LocalizedText; moduleIds: string[] }[];
  modules: LocalizedModule[];
  /** The capstone with the copy's text (Markdown rendered); null when the course has none. */
  capstone: CapstoneDefinition | null;
  /** What could not be placed as asked (an added section whose anchor is gone), for the admin to see. */
  problems: LocalizationProblem[];
}

/** Prefix of a local addition's unit ids: `local/<section-id>/title` and `local/<section-id>/markdown`. */
export const LOCAL_PREFIX = 'local';

export function localUnitId(sectionId: string, field: 'title' | 'markdown'): string {
  return [LOCAL_PREFIX, sectionId, field].join(UNIT_ID_SEPARATOR);
}

/**
 * The copy of a course as its readers see it: for each master unit, the copy's text when it has one (stale ones
 * marked), else the master text marked "not yet translated"; hidden units removed; local sections inserted after
 * their anchor (a master section id; a module id puts it first in the module; an anchor that is gone puts it at the
 * end of its module, reported). Pure: the same course and units always give the same result.
 */
export function localizeCourse(
  course: CourseContent,
  units: ReadonlyMap<string, CopyUnitState>,
  language: string,
): LocalizedCourse {
  const hashes = new Map(listCourseUnits(course).map((unit) => [unit.id, unit.sourceHash]));
  const masterLanguage = course.language;

  const text = (id: string, master: string): LocalizedText => {
    const row = units.get(id);
    const untranslated: LocalizedText = { text: master, state: 'untranslated', lang: masterLanguage };
    if (!row || row.kind === 'hidden' || row.kind === 'added' || row.text === null || row.text === '')
      return untranslated;
    const current = row.sourceHash === hashes.get(id);
    if (!current) return { text: row.text, state: 'stale', lang: null };
    return { text: row.text, state: row.kind === 'adapted' ? 'adapted' : 'translated', lang: null };
  };
  const block = (id: string, master: string): LocalizedBlock => {
    const localized = text(id, master);
    return { ...localized, html: renderMarkdown(localized.text) };
  };
  const hidden = (id: string) => units.get(id)?.kind === 'hidden';
  const items = (prefix: string, list: ContentItem[]) =>
    list
      .filter((item) => !hidden(path(prefix, item.id)))
      .map((item) => ({ id: item.id, ...text(path(prefix, item.id), item.text) }));

  const modules = course.modules.map((module) => localizeModule(module, text, block, hidden, items));
  const problems = placeLocalSections(modules, units);

  return {
    language,
    masterLanguage,
    title: text('course/title', course.title),
    summary: text('course/summary', course.summary),
    introduction: block('course/introduction', course.introduction),
    outcomes: items('outcomes', course.outcomes),
    audience: items('audience', course.audience),
    methodologies: items('methodologies', course.methodologies),
    benefits: {
      participants: items('benefits', course.benefits.participants),
      organization: items('benefits', course.benefits.organization),
    },
    actionPlan: items('action-plan', course.actionPlan),
    weeks: course.weeks.map((week) => ({
      id: week.id,
      number: week.number,
      title: text(path('weeks', week.id, 'title'), week.title),
      moduleIds: week.moduleIds,
    })),
    modules,
    capstone: course.capstone ? localizeCapstone(course.capstone, (id, master) => text(id, master).text) : null,
    problems,
  };
}

type TextOf = (id: string, master: string) => LocalizedText;
type BlockOf = (id: string, master: string) => LocalizedBlock;

function path(...parts: string[]): string {
  return parts.join(UNIT_ID_SEPARATOR);
}

function localizeModule(
  module: ModuleContent,
  text: TextOf,
  block: BlockOf,
  hidden: (id: string) => boolean,
  items: (prefix: string, list: ContentItem[]) => (LocalizedText & { id: string })[],
): LocalizedModule {
  const at = (...parts: string[]) => path(module.id, ...parts);
  return {
    id: module.id,
    number: module.number,
    estimatedMinutes: module.estimatedMinutes,
    title: text(at('title'), module.title),
    introduction: block(at('introduction'), module.introduction),
    objectives: items(at('objectives'), module.objectives),
    // Hiding either field of a section hides the section: a heading without its text (or the reverse) reads wrong.
    sections: module.sections
      .filter(
        (section) => !hidden(at('sections', section.id, 'title')) && !hidden(at('sections', section.id, 'markdown')),
      )
      .map((section) => ({
        id: section.id,
        kind: section.kind,
        title: text(at('sections', section.id, 'title'), section.title),
        body: block(at('sections', section.id, 'markdown'), section.markdown),
        local: false,
      })),
    questions: (module.quiz?.questions ?? []).map((question) =>
      localizeQuestion(question, (id, master) => text(path(module.id, 'quiz', question.id, id), master).text),
    ),
  };
}

/** Local sections, in the order they were made; each goes after its anchor, or to its module's end when it is gone. */
function placeLocalSections(
  modules: LocalizedModule[],
  units: ReadonlyMap<string, CopyUnitState>,
): LocalizationProblem[] {
  const problems: LocalizationProblem[] = [];
  const locals = new Map<string, { title?: CopyUnitState; markdown?: CopyUnitState }>();
  for (const [unitId, row] of units) {
    const [prefix, sectionId, field, ...rest] = unitId.split(UNIT_ID_SEPARATOR);
    if (prefix !== LOCAL_PREFIX || rest.length > 0 || (field !== 'title' && field !== 'markdown')) continue;
    if (row.kind !== 'added' || row.text === null) continue;
    locals.set(sectionId, { ...locals.get(sectionId), [field]: row });
  }
  const ordered = [...locals.entries()]
    .map(([sectionId, rows]) => ({ sectionId, rows, anchor: (rows.markdown ?? rows.title)?.afterUnit ?? null }))
    .sort((a, b) => compareRowIds(firstRowId(a.rows), firstRowId(b.rows)));

  for (const local of ordered) {
    const section: LocalizedSection = {
      id: local.sectionId,
      kind: 'lesson',
      title: { text: local.rows.title?.text ?? '', state: 'added', lang: null },
      body: {
        text: local.rows.markdown?.text ?? '',
        html: renderMarkdown(local.rows.markdown?.text ?? ''),
        state: 'added',
        lang: null,
      },
      local: true,
    };
    const anchor = local.anchor ?? '';
    const moduleFirst = modules.find((module) => module.id === anchor);
    if (moduleFirst) {
      moduleFirst.sections.unshift(section);
      continue;
    }
    const host = modules.find((module) => module.sections.some((entry) => entry.id === anchor));
    if (host) {
      host.sections.splice(host.sections.findIndex((entry) => entry.id === anchor) + 1, 0, section);
      continue;
    }
    // The anchor is gone (removed upstream, or hidden): its module is the one whose id begins the section id.
    const fallback =
      modules.find((module) => anchor.startsWith(`${module.id}-`) || local.sectionId.startsWith(`${module.id}-`)) ??
      modules[modules.length - 1];
    if (!fallback) continue;
    fallback.sections.push(section);
    problems.push({
      unitId: localUnitId(local.sectionId, 'markdown'),
      message: `local section ${local.sectionId}: its anchor ${anchor || '(none)'} is not in the course; shown at the end of ${fallback.id}`,
    });
  }
  return problems;
}

function firstRowId(rows: { title?: CopyUnitState; markdown?: CopyUnitState }): string {
  const ids = [rows.title?.id, rows.markdown?.id].filter((id): id is string => id !== undefined);
  return ids.sort(compareRowIds)[0] ?? '0';
}

function compareRowIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A question with the copy's text; `of(field path, master text)` gives the text of one field. */
export function localizeQuestion(question: Question, of: (id: string, master: string) => string): Question {
  const optional = (id: string, master: string | undefined) => (master === undefined ? undefined : of(id, master));
  const common = {
    text: of('text', question.text),
    generalFeedback: optional('general-feedback', question.generalFeedback),
  };
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return {
        ...question,
        ...common,
        options: question.options.map((option) => ({
          ...option,
          text: of(path('options', option.id, 'text'), option.text),
          feedback: optional(path('options', option.id, 'feedback'), option.feedback),
        })),
      };
    case 'true-false':
      return {
        ...question,
        ...common,
        feedbackTrue: optional('feedback-true', question.feedbackTrue),
        feedbackFalse: optional('feedback-false', question.feedbackFalse),
      };
    case 'numeric':
      return {
        ...question,
        ...common,
        answers: question.answers.map((answer) => ({
          ...answer,
          feedback: optional(path('answers', answer.id, 'feedback'), answer.feedback),
        })),
      };
    case 'short-answer':
      // Accepted answers are scored from the master bank; only their feedback is shown in the copy's language.
      return {
        ...question,
        ...common,
        answers: question.answers.map((answer) => ({
          ...answer,
          feedback: optional(path('answers', answer.id, 'feedback'), answer.feedback),
        })),
      };
    case 'matching':
      return {
        ...question,
        ...common,
        pairs: question.pairs.map((pair) => ({
          ...pair,
          prompt: of(path('pairs', pair.id, 'prompt'), pair.prompt),
          answer: of(path('pairs', pair.id, 'answer'), pair.answer),
        })),
      };
  }
}

/** The capstone with the copy's text, Markdown rendered; ids, kinds, weights and points as in the master. */
export function localizeCapstone(
  capstone: NonNullable<CourseContent['capstone']>,
  of: (id: string, master: string) => string,
): CapstoneDefinition {
  const brief = of('capstone/brief', capstone.brief);
  const rubric = (prefix: string, criteria: RubricCriterion[]) => ({
    criteria: criteria.map((criterion) => ({
      ...criterion,
      title: of(path(prefix, criterion.id, 'title'), criterion.title),
      levels: criterion.levels.map((level) => ({
        ...level,
        label: of(path(prefix, criterion.id, 'levels', level.id, 'label'), level.label),
        descriptor: of(path(prefix, criterion.id, 'levels', level.id, 'descriptor'), level.descriptor),
      })),
    })),
  });
  return {
    title: of('capstone/title', capstone.title),
    brief,
    briefHtml: renderMarkdown(brief),
    passPercent: capstone.passPercent,
    sections: capstone.sections.map((section): CapstoneSection => {
      const guidance = of(path('capstone', 'sections', section.id, 'guidance'), section.guidance);
      return {
        ...section,
        title: of(path('capstone', 'sections', section.id, 'title'), section.title),
        guidance,
        guidanceHtml: renderMarkdown(guidance),
      };
    }),
    rubric: rubric('capstone/rubric', capstone.rubric.criteria),
    ...(capstone.peerRubric ? { peerRubric: rubric('capstone/peer-rubric', capstone.peerRubric.criteria) } : {}),
  };
}
