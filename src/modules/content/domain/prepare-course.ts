import type { CapstoneDefinition } from '../../capstones/domain/capstone.types.js';
import type { CourseOutline } from '../content.views.js';
import type { Question } from '../../quizzes/domain/question.types.js';
import { renderQuestion } from '../../quizzes/domain/render-question.js';
import type { CapstoneContent, ContentItem, CourseContent, QuizSettings, SectionKind } from './content.types.js';
import { canonicalJson, hashCourse, hashText } from './hash-course.js';
import type { TrackDefinition } from './parse-track.js';
import { renderMarkdown } from './render-markdown.js';

/** A course ready to store: validated, rendered and hashed. */
export interface PreparedCourse {
  id: string;
  slug: string;
  contentHash: string;
  language: string;
  title: string;
  summary: string;
  outline: CourseOutline;
  /** 'track' for a trainer-of-trainers track; its teach-back and calibration go to course_versions.track. */
  kind: 'course' | 'track';
  track: TrackDefinition | null;
  /** Stored in course_versions.capstone; null when the course has no capstone.yaml. */
  capstone: CapstoneDefinition | null;
  modules: {
    key: string;
    number: number;
    weekNumber: number;
    title: string;
    estimatedMinutes: number;
    objectives: ContentItem[];
    introductionMarkdown: string;
    introductionHtml: string;
    sections: { key: string; title: string; kind: SectionKind; markdown: string; html: string; sourceHash: string }[];
    quiz: {
      settings: QuizSettings;
      questions: { key: string; type: Question['type']; points: number; definition: Question; rendered: Question }[];
    } | null;
  }[];
}

/** Renders every Markdown field once, at import, so that pages never render Markdown per request. */
export function prepareCourse(course: CourseContent): PreparedCourse {
  const weekOf = new Map(
    course.weeks.flatMap((week) => week.moduleIds.map((moduleId) => [moduleId, week.number] as const)),
  );
  return {
    id: course.id,
    slug: course.slug,
    contentHash: hashCourse(course),
    kind: 'course',
    track: null,
    language: course.language,
    title: course.title,
    summary: course.summary,
    outline: {
      introductionMarkdown: course.introduction,
      introductionHtml: renderMarkdown(course.introduction),
      hours: course.hours,
      outcomes: course.outcomes,
      audience: course.audience,
      methodologies: course.methodologies,
      benefits: course.benefits,
      weeks: course.weeks,
      actionPlan: course.actionPlan,
      completion: course.completion,
      gradebook: course.gradebook,
      ...(course.peerReview ? { peerReview: course.peerReview } : {}),
    },
    capstone: course.capstone ? prepareCapstone(course.capstone) : null,
    modules: course.modules.map((module) => ({
      key: module.id,
      number: module.number,
      weekNumber: weekOf.get(module.id) ?? 0,
      title: module.title,
      estimatedMinutes: module.estimatedMinutes,
      objectives: module.objectives,
      introductionMarkdown: module.introduction,
      introductionHtml: renderMarkdown(module.introduction),
      sections: module.sections.map((section) => ({
        key: section.id,
        title: section.title,
        kind: section.kind,
        markdown: section.markdown,
        html: renderMarkdown(section.markdown),
        sourceHash: hashText(`${section.title}\n\n${section.markdown}`),
      })),
      quiz: module.quiz
        ? {
            settings: module.quiz.settings,
            questions: module.quiz.questions.map((question) => ({
              key: question.id,
              type: question.type,
              points: question.points ?? 1,
              definition: question,
              rendered: renderQuestion(question),
            })),
          }
        : null,
    })),
  };
}

/** A track: a course whose version identity also covers its teach-back checklist and calibration references. */
export function prepareTrack(course: CourseContent, track: TrackDefinition): PreparedCourse {
  const prepared = prepareCourse(course);
  return {
    ...prepared,
    kind: 'track',
    track,
    contentHash: hashText(`${prepared.contentHash}\n${canonicalJson(track)}`),
  };
}

export function prepareCapstone(capstone: CapstoneContent): CapstoneDefinition {
  return {
    title: capstone.title,
    brief: capstone.brief,
    briefHtml: renderMarkdown(capstone.brief),
    passPercent: capstone.passPercent,
    sections: capstone.sections.map((section) => ({
      id: section.id,
      title: section.title,
      kind: section.kind,
      guidance: section.guidance,
      guidanceHtml: renderMarkdown(section.guidance),
      required: section.required,
    })),
    rubric: prepareRubric(capstone.rubric),
    ...(capstone.peerRubric ? { peerRubric: prepareRubric(capstone.peerRubric) } : {}),
  };
}

function prepareRubric(rubric: CapstoneContent['rubric']): CapstoneDefinition['rubric'] {
  return {
    criteria: rubric.criteria.map((criterion) => ({
      id: criterion.id,
      title: criterion.title,
      weight: criterion.weight,
      levels: criterion.levels.map((level) => ({
        id: level.id,
        label: level.label,
        points: level.points,
        descriptor: level.descriptor,
      })),
    })),
  };
}
