import { describe, expect, it } from '@jest/globals';
import type { CourseContent } from '../../content/domain/content.types.js';
import { sourceHash } from './translation-units.js';
import { localizeCourse, localUnitId, type CopyUnitState } from './localize-course.js';

function course(): CourseContent {
  return {
    id: 'tc',
    slug: 'tc',
    language: 'en',
    title: 'Networks',
    summary: 'A course.',
    introduction: 'Welcome.',
    hours: 10,
    outcomes: [{ id: 'tc-out-1', text: 'Plan.' }],
    audience: [],
    methodologies: [],
    benefits: { participants: [], organization: [] },
    weeks: [{ id: 'tc-w1', number: 1, title: 'Week one', moduleIds: ['tc-m01', 'tc-m02'] }],
    actionPlan: [],
    completion: { modules: 'all', quizzes: 'all', capstone: false, peerReviews: 0 },
    gradebook: { quizzes: 50, capstone: 50, peerReview: 0 } as CourseContent['gradebook'],
    modules: [
      {
        id: 'tc-m01',
        number: 1,
        title: 'Clusters',
        estimatedMinutes: 60,
        objectives: [{ id: 'tc-m01-obj-1', text: 'Define a cluster.' }],
        introduction: 'Intro one.',
        sections: [
          { id: 'tc-m01-a', title: 'Defining', kind: 'lesson', markdown: 'A cluster is **a group**.' },
          { id: 'tc-m01-b', title: 'Example', kind: 'case-study', markdown: 'In Nepal, ...' },
          { id: 'tc-m01-c', title: 'Exercise', kind: 'exercise', markdown: 'Draw your cluster.' },
        ],
        quiz: {
          settings: {} as NonNullable<CourseContent['modules'][number]['quiz']>['settings'],
          questions: [
            {
              id: 'tc-m01-q1',
              type: 'single-choice',
              text: 'What is a cluster?',
              options: [
                { id: 'a', text: 'A group of schools', fraction: 1, feedback: 'Right.' },
                { id: 'b', text: 'A school', fraction: 0 },
              ],
            },
          ],
        },
      },
      {
        id: 'tc-m02',
        number: 2,
        title: 'Networks',
        estimatedMinutes: 30,
        objectives: [],
        introduction: '',
        sections: [{ id: 'tc-m02-a', title: 'Networks', kind: 'lesson', markdown: 'Networks link.' }],
      },
    ],
    capstone: {
      title: 'Plan',
      brief: 'Write a plan.',
      passPercent: 50,
      sections: [{ id: 'needs', title: 'Needs', kind: 'text', guidance: 'Say what is needed.', required: true }],
      rubric: {
        criteria: [
          {
            id: 'evidence',
            title: 'Evidence',
            weight: 1,
            levels: [{ id: 'good', label: 'Good', points: 4, descriptor: 'Clear evidence.' }],
          },
        ],
      },
    },
  };
}

let nextRow = 1;
function row(kind: CopyUnitState['kind'], text: string | null, master?: string, afterUnit: string | null = null) {
  return {
    id: String(nextRow++),
    kind,
    text,
    sourceHash: master === undefined ? null : sourceHash(master),
    afterUnit,
  } satisfies CopyUnitState;
}

describe('localizeCourse', () => {
  it('should use a translation made from the current master text, unmarked and without a lang attribute', () => {
    const units = new Map([
      [
        'tc-m01/sections/tc-m01-a/markdown',
        row('translated', 'Un réseau est **un groupe**.', 'A cluster is **a group**.'),
      ],
      ['tc-m01/title', row('translated', 'Les réseaux', 'Clusters')],
    ]);
    const localized = localizeCourse(course(), units, 'fr');
    const section = localized.modules[0].sections[0];
    expect(section.body).toMatchObject({ state: 'translated', lang: null });
    expect(section.body.html).toBe('<p>Un réseau est <strong>un groupe</strong>.</p>\n');
    expect(localized.modules[0].title).toEqual({ text: 'Les réseaux', state: 'translated', lang: null });
  });

  it('should still show a stale translation, marked as possibly out of date', () => {
    const units = new Map([['tc-m01/title', row('translated', 'Grappes', 'Clusters (old title)')]]);
    expect(localizeCourse(course(), units, 'fr').modules[0].title).toEqual({
      text: 'Grappes',
      state: 'stale',
      lang: null,
    });
  });

  it('should show the master text of an untranslated unit, marked and in the master language', () => {
    const localized = localizeCourse(course(), new Map(), 'fr');
    expect(localized.modules[0].sections[1].title).toEqual({ text: 'Example', state: 'untranslated', lang: 'en' });
    expect(localized.modules[0].sections[1].body.html).toContain('In Nepal');
    // A row reverting a unit to untranslated (text null) reads as untranslated too.
    const reverted = localizeCourse(course(), new Map([['tc-m01/title', row('translated', null, 'Clusters')]]), 'fr');
    expect(reverted.modules[0].title.state).toBe('untranslated');
  });

  it('should use an adaptation (a local case study in place of the example)', () => {
    const units = new Map([
      ['tc-m01/sections/tc-m01-b/markdown', row('adapted', 'À Thiès, les écoles…', 'In Nepal, ...')],
    ]);
    expect(localizeCourse(course(), units, 'fr').modules[0].sections[1].body).toMatchObject({
      text: 'À Thiès, les écoles…',
      state: 'adapted',
    });
  });

  it('should remove hidden sections and objectives', () => {
    const units = new Map([
      ['tc-m01/sections/tc-m01-c/markdown', row('hidden', null, 'Draw your cluster.')],
      ['tc-m01/objectives/tc-m01-obj-1', row('hidden', null, 'Define a cluster.')],
    ]);
    const module = localizeCourse(course(), units, 'fr').modules[0];
    expect(module.sections.map((section) => section.id)).toEqual(['tc-m01-a', 'tc-m01-b']);
    expect(module.objectives).toEqual([]);
  });

  it('should insert an added section after its anchor, and a second one after the first in the order made', () => {
    const units = new Map([
      [localUnitId('tc-m01-dakar', 'title'), row('added', 'Le cas de Dakar', undefined, 'tc-m01-a')],
      [localUnitId('tc-m01-dakar', 'markdown'), row('added', 'À Dakar, *trois* écoles.', undefined, 'tc-m01-a')],
      [localUnitId('tc-m01-zig', 'title'), row('added', 'Ziguinchor', undefined, 'tc-m01-a')],
      [localUnitId('tc-m01-zig', 'markdown'), row('added', 'Texte.', undefined, 'tc-m01-a')],
    ]);
    const localized = localizeCourse(course(), units, 'fr');
    const sections = localized.modules[0].sections;
    expect(sections.map((section) => section.id)).toEqual([
      'tc-m01-a',
      'tc-m01-zig',
      'tc-m01-dakar',
      'tc-m01-b',
      'tc-m01-c',
    ]);
    expect(sections[2]).toMatchObject({ local: true, title: { text: 'Le cas de Dakar', state: 'added' } });
    expect(sections[2].body.html).toContain('<em>trois</em>');
    expect(localized.problems).toEqual([]);
  });

  it('should put an added section whose anchor is gone at the end of its module and report it', () => {
    const units = new Map([
      [localUnitId('tc-m02-local', 'title'), row('added', 'Local', undefined, 'tc-m02-removed')],
      [localUnitId('tc-m02-local', 'markdown'), row('added', 'Texte local.', undefined, 'tc-m02-removed')],
    ]);
    const localized = localizeCourse(course(), units, 'fr');
    expect(localized.modules[1].sections.map((section) => section.id)).toEqual(['tc-m02-a', 'tc-m02-local']);
    expect(localized.modules[0].sections.some((section) => section.local)).toBe(false);
    expect(localized.problems).toEqual([
      {
        unitId: 'local/tc-m02-local/markdown',
        message: expect.stringContaining('tc-m02-removed') as unknown as string,
      },
    ]);
  });

  it('should put the copy text into quiz questions and the capstone, keeping ids, fractions and points', () => {
    const units = new Map([
      ['tc-m01/quiz/tc-m01-q1/text', row('translated', "Qu'est-ce qu'un réseau ?", 'What is a cluster?')],
      ['tc-m01/quiz/tc-m01-q1/options/a/text', row('translated', "Un groupe d'écoles", 'A group of schools')],
      ['tc-m01/quiz/tc-m01-q1/options/a/feedback', row('translated', 'Exact.', 'Right.')],
      ['capstone/brief', row('translated', 'Rédigez un plan.', 'Write a plan.')],
      ['capstone/rubric/evidence/levels/good/descriptor', row('translated', 'Des preuves claires.', 'Clear evidence.')],
    ]);
    const localized = localizeCourse(course(), units, 'fr');
    const question = localized.modules[0].questions[0];
    if (question.type !== 'single-choice') throw new Error('type changed');
    expect(question.text).toBe("Qu'est-ce qu'un réseau ?");
    expect(question.options).toEqual([
      { id: 'a', text: "Un groupe d'écoles", fraction: 1, feedback: 'Exact.' },
      { id: 'b', text: 'A school', fraction: 0, feedback: undefined },
    ]);
    expect(localized.capstone?.briefHtml).toBe('<p>Rédigez un plan.</p>\n');
    expect(localized.capstone?.rubric.criteria[0].levels[0]).toEqual({
      id: 'good',
      label: 'Good',
      points: 4,
      descriptor: 'Des preuves claires.',
    });
  });

  it('should sanitize a translation like the catalogue does: no script reaches the page', () => {
    const units = new Map([
      [
        'tc-m01/sections/tc-m01-a/markdown',
        row('translated', 'Texte <script>alert(1)</script> [x](javascript:alert(1))', 'A cluster is **a group**.'),
      ],
    ]);
    const html = localizeCourse(course(), units, 'fr').modules[0].sections[0].body.html;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('copyProgress', () => {
  it('should count translated, stale, missing, hidden, adapted and added units per module', async () => {
    const { copyProgress } = await import('./copy-progress.js');
    const units = new Map([
      ['tc-m01/title', row('translated', 'Grappes', 'Clusters')],
      ['tc-m01/introduction', row('translated', 'Intro', 'an older intro')],
      ['tc-m01/sections/tc-m01-b/markdown', row('adapted', 'À Thiès', 'In Nepal, ...')],
      ['tc-m01/sections/tc-m01-c/markdown', row('hidden', null, 'Draw your cluster.')],
      [localUnitId('tc-m01-dakar', 'title'), row('added', 'Dakar', undefined, 'tc-m01-a')],
      [localUnitId('tc-m01-dakar', 'markdown'), row('added', 'Texte', undefined, 'tc-m01-a')],
    ]);
    const progress = copyProgress(course(), units);
    expect(progress.map((entry) => entry.group)).toEqual(['course', 'tc-m01', 'tc-m02', 'capstone']);
    const m01 = progress[1];
    // title, introduction, 1 objective, 3 sections x 2 fields, question text + 2 options + 1 feedback = 13
    expect(m01).toEqual({
      group: 'tc-m01',
      translated: 1,
      stale: 1,
      adapted: 1,
      hidden: 1,
      missing: 9,
      added: 1,
      total: 13,
    });
  });
});
