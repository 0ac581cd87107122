import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import type { ContentItem, CourseContent, ModuleContent } from '../../content/domain/content.types.js';
import { hashText } from '../../content/domain/hash-course.js';
import type { Question } from '../../quizzes/domain/question.types.js';

/** One translatable piece of text of a course, named by a path of the content's stable ids. */
export interface TranslationUnit {
  /** Stable, e.g. `net-m01/sections/net-m01-defining-networks/markdown`: built only from stable ids and field names. */
  id: string;
  source: string;
  /** sha256 hex of `source`: a translation made from another source text is stale. */
  sourceHash: string;
  target: string | null;
  /** What the text is, for the translator. */
  note?: string;
}

/** Separator of the id path; never in a stable id (`^[a-z0-9]+(-[a-z0-9]+)*$`). */
export const UNIT_ID_SEPARATOR = '/';

export function sourceHash(source: string): string {
  return hashText(source);
}

/**
 * The translatable units of a course in reading order: outline, modules (sections, quiz), capstone. Empty texts
 * (an absent introduction) are left out. Targets are null: the caller fills them from a copy's translations.
 */
export function listCourseUnits(course: CourseContent): TranslationUnit[] {
  const units: TranslationUnit[] = [];
  const add = (path: string[], source: string | undefined, note: string) => {
    if (source === undefined || source === '') return;
    units.push({ id: path.join(UNIT_ID_SEPARATOR), source, sourceHash: sourceHash(source), target: null, note });
  };
  const items = (prefix: string, list: ContentItem[], note: string) => {
    for (const item of list) add([prefix, item.id], item.text, note);
  };

  add(['course', 'title'], course.title, 'Course title');
  add(['course', 'summary'], course.summary, 'Course summary (catalogue)');
  add(['course', 'introduction'], course.introduction, 'Course introduction (Markdown)');
  items('outcomes', course.outcomes, 'Learning outcome');
  items('audience', course.audience, 'Target participants');
  items('methodologies', course.methodologies, 'Methodology');
  items('benefits', course.benefits.participants, 'Benefit for participants');
  items('benefits', course.benefits.organization, 'Benefit for the organization');
  for (const week of course.weeks) add(['weeks', week.id, 'title'], week.title, `Title of week ${week.number}`);
  items('action-plan', course.actionPlan, 'Action plan step');

  for (const module of course.modules) addModule(add, module);

  const capstone = course.capstone;
  if (capstone) {
    add(['capstone', 'title'], capstone.title, 'Capstone title');
    add(['capstone', 'brief'], capstone.brief, 'Capstone brief (Markdown)');
    for (const section of capstone.sections) {
      add(['capstone', 'sections', section.id, 'title'], section.title, 'Title of a section of the action plan');
      add(['capstone', 'sections', section.id, 'guidance'], section.guidance, 'Guidance for the section (Markdown)');
    }
    addRubric(add, ['capstone', 'rubric'], capstone.rubric.criteria, 'Rubric');
    if (capstone.peerRubric) addRubric(add, ['capstone', 'peer-rubric'], capstone.peerRubric.criteria, 'Peer rubric');
  }
  return units;
}

type Add = (path: string[], source: string | undefined, note: string) => void;

function addModule(add: Add, module: ModuleContent): void {
  const at = (...path: string[]) => [module.id, ...path];
  add(at('title'), module.title, `Title of module ${module.number}`);
  add(at('introduction'), module.introduction, `Introduction of module ${module.number} (Markdown)`);
  for (const objective of module.objectives) add(at('objectives', objective.id), objective.text, 'Module objective');
  for (const section of module.sections) {
    add(at('sections', section.id, 'title'), section.title, 'Section heading');
    add(at('sections', section.id, 'markdown'), section.markdown, 'Section text (Markdown)');
  }
  for (const question of module.quiz?.questions ?? []) addQuestion(add, at('quiz', question.id), question);
}

function addQuestion(add: Add, at: string[], question: Question): void {
  add([...at, 'text'], question.text, `Quiz question (${question.type}, Markdown)`);
  add([...at, 'general-feedback'], question.generalFeedback, 'Feedback shown after answering, whatever the answer');
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      for (const option of question.options) {
        add([...at, 'options', option.id, 'text'], option.text, 'Answer option');
        add([...at, 'options', option.id, 'feedback'], option.feedback, 'Feedback for this option');
      }
      break;
    case 'true-false':
      add([...at, 'feedback-true'], question.feedbackTrue, 'Feedback for the answer "true"');
      add([...at, 'feedback-false'], question.feedbackFalse, 'Feedback for the answer "false"');
      break;
    case 'numeric':
      for (const answer of question.answers)
        add([...at, 'answers', answer.id, 'feedback'], answer.feedback, 'Feedback');
      break;
    case 'short-answer':
      for (const answer of question.answers) {
        add(
          [...at, 'answers', answer.id, 'text'],
          answer.text,
          'Accepted answer, compared case-insensitively; * matches any text',
        );
        add([...at, 'answers', answer.id, 'feedback'], answer.feedback, 'Feedback for this answer');
      }
      break;
    case 'matching':
      for (const pair of question.pairs) {
        add([...at, 'pairs', pair.id, 'prompt'], pair.prompt, 'Matching: prompt');
        add([...at, 'pairs', pair.id, 'answer'], pair.answer, 'Matching: answer');
      }
      break;
  }
}

function addRubric(add: Add, at: string[], criteria: RubricCriterion[], label: string): void {
  for (const criterion of criteria) {
    add([...at, criterion.id, 'title'], criterion.title, `${label} criterion`);
    for (const level of criterion.levels) {
      add([...at, criterion.id, 'levels', level.id, 'label'], level.label, `${label} level name`);
      add([...at, criterion.id, 'levels', level.id, 'descriptor'], level.descriptor, `${label} level descriptor`);
    }
  }
}
