import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readCourseFolders } from './content-files.reader.js';
import type { CapstoneContent, CourseContent } from './domain/content.types.js';
import { STABLE_ID_PATTERN } from './domain/content.schema.js';
import { parseCapstoneFile } from './domain/parse-capstone.js';
import { parseCourse } from './domain/parse-course.js';
import { countWords } from './domain/render-markdown.js';

// The trainer-of-trainers track is written in the course format, so the course parser must read it as it is.
// The reader only knows <dir>/courses/*, so the track folder is copied into a temporary content folder.
const TRACK_DIR = path.join('content', 'tracks', 'trainer-of-trainers');
const SEED_CAPSTONES: Record<string, string> = {
  'epm-networks': path.join('content', 'courses', 'education-networks-clusters', 'capstone.yaml'),
  'epm-resources': path.join('content', 'courses', 'school-resource-allocation', 'capstone.yaml'),
};

async function capstoneOf(file: string): Promise<CapstoneContent> {
  const parsed = parseCapstoneFile(await readFile(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n'));
  return parsed.value;
}

describe('the trainer-of-trainers track in content/tracks/trainer-of-trainers', () => {
  let tmp: string;
  let track: CourseContent;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'tot-track-'));
    await cp(TRACK_DIR, path.join(tmp, 'courses', 'trainer-of-trainers'), { recursive: true });
    const { courses, problems } = await readCourseFolders(tmp);
    expect(problems).toEqual([]);
    expect(courses).toHaveLength(1);
    const parsed = parseCourse(courses[0]);
    if (!parsed.ok)
      throw new Error(parsed.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).join('\n'));
    track = parsed.value;
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('should parse as a course with eight modules: 1-4 in week 1 and 5-8 in week 2', () => {
    expect(track.id).toBe('tot-track');
    expect(track.modules.map((module) => module.id)).toEqual([
      'tot-m01',
      'tot-m02',
      'tot-m03',
      'tot-m04',
      'tot-m05',
      'tot-m06',
      'tot-m07',
      'tot-m08',
    ]);
    expect(track.weeks.map((week) => week.moduleIds)).toEqual([
      ['tot-m01', 'tot-m02', 'tot-m03', 'tot-m04'],
      ['tot-m05', 'tot-m06', 'tot-m07', 'tot-m08'],
    ]);
    expect(track.capstone).toBeUndefined();
  });

  it('should give every module 4 to 6 sections of at least 150 words, with ids prefixed tot-', () => {
    const problems: string[] = [];
    for (const module of track.modules) {
      if (module.sections.length < 4 || module.sections.length > 6)
        problems.push(`${module.id}: ${module.sections.length} sections`);
      if (module.objectives.length < 3) problems.push(`${module.id}: ${module.objectives.length} objectives`);
      for (const id of [module.id, ...module.objectives.map((o) => o.id), ...module.sections.map((s) => s.id)])
        if (!id.startsWith(`${module.id}`)) problems.push(`${id} does not start with ${module.id}`);
      for (const section of module.sections) {
        const words = countWords(section.markdown);
        if (words < 150) problems.push(`${section.id}: ${words} words`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should give every module a quiz bank of at least 5 questions with feedback, using several question types', () => {
    const types = new Set<string>();
    for (const module of track.modules) {
      const questions = module.quiz?.questions ?? [];
      expect([module.id, questions.length >= 5]).toEqual([module.id, true]);
      for (const question of questions) {
        types.add(question.type);
        expect([question.id, question.id.startsWith(`${module.id}-q-`)]).toEqual([question.id, true]);
        expect([question.id, Boolean(question.generalFeedback)]).toEqual([question.id, true]);
        if (question.type === 'single-choice' || question.type === 'multiple-response')
          for (const option of question.options) expect([option.id, Boolean(option.feedback)]).toEqual([option.id, true]);
      }
    }
    expect(types.size).toBeGreaterThanOrEqual(4);
  });
});

describe('teach-back.yaml', () => {
  it('should hold a valid rubric of 6 to 8 criteria, checked by the capstone rubric rules, with a pass rule', async () => {
    const file = path.join(TRACK_DIR, 'teach-back.yaml');
    const teachBack = parseYaml(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(teachBack).sort()).toEqual(['brief', 'minimumPoints', 'passPercent', 'rubric', 'title']);
    // The capstone parser validates rubrics (ids, level order); it is given the teach-back rubric in a capstone.
    const asCapstone = {
      title: teachBack.title,
      brief: teachBack.brief,
      passPercent: teachBack.passPercent,
      sections: [{ id: 'segment', title: 'Segment', kind: 'text', guidance: 'The recording or notes.' }],
      rubric: teachBack.rubric,
    };
    const parsed = parseCapstoneFile(JSON.stringify(asCapstone), file);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    if (!parsed.ok) return;
    const criteria = parsed.value.rubric.criteria;
    expect(criteria.length).toBeGreaterThanOrEqual(6);
    expect(criteria.length).toBeLessThanOrEqual(8);
    for (const criterion of criteria) expect(criterion.id).toMatch(/^tot-tb-/);
    const minimumPoints = teachBack.minimumPoints as number;
    for (const criterion of criteria)
      expect(criterion.levels.some((level) => level.points === minimumPoints)).toBe(true);
  });
});

describe('calibration.yaml', () => {
  interface Reference {
    id: string;
    course: string;
    title: string;
    sections: Record<string, string>;
    levels: Record<string, string>;
    comments: Record<string, string>;
  }

  it('should hold 3 reference capstones per seed course matching its capstone sections and rubric', async () => {
    const file = path.join(TRACK_DIR, 'calibration.yaml');
    const { passRule, references } = parseYaml(await readFile(file, 'utf8')) as {
      passRule: { withinLevels: number; minimumPercent: number };
      references: Reference[];
    };
    // The rule: agreement within one level on at least 80% of the criteria.
    expect(passRule).toEqual({ withinLevels: 1, minimumPercent: 80 });
    const ids = references.map((reference) => reference.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(STABLE_ID_PATTERN);
    expect(references.map((reference) => reference.course).sort()).toEqual([
      'epm-networks',
      'epm-networks',
      'epm-networks',
      'epm-resources',
      'epm-resources',
      'epm-resources',
    ]);
    for (const [course, capstoneFile] of Object.entries(SEED_CAPSTONES)) {
      const capstone = await capstoneOf(capstoneFile);
      const totals: number[] = [];
      for (const reference of references.filter((entry) => entry.course === course)) {
        expect(reference.title.trim().length).toBeGreaterThan(0);
        expect([reference.id, Object.keys(reference.sections).sort()]).toEqual([
          reference.id,
          capstone.sections.map((section) => section.id).sort(),
        ]);
        for (const [section, text] of Object.entries(reference.sections))
          expect([reference.id, section, countWords(text) >= 20]).toEqual([reference.id, section, true]);
        expect([reference.id, Object.keys(reference.levels).sort()]).toEqual([
          reference.id,
          capstone.rubric.criteria.map((criterion) => criterion.id).sort(),
        ]);
        // The master trainers' reason for each level, shown to the trainee after grading.
        expect([reference.id, Object.keys(reference.comments ?? {}).sort()]).toEqual([
          reference.id,
          capstone.rubric.criteria.map((criterion) => criterion.id).sort(),
        ]);
        let total = 0;
        for (const criterion of capstone.rubric.criteria) {
          const level = criterion.levels.find((entry) => entry.id === reference.levels[criterion.id]);
          expect([reference.id, criterion.id, level?.id]).toEqual([
            reference.id,
            criterion.id,
            reference.levels[criterion.id],
          ]);
          total += level?.points ?? 0;
        }
        totals.push(total);
      }
      // Varied quality: one strong, one middling and one weak plan, so calibration covers the whole scale.
      expect(new Set(totals).size).toBe(3);
    }
  });
});
