import { describe, expect, it } from '@jest/globals';
import { readCourseFolders } from './content-files.reader.js';
import type { CourseContent } from './domain/content.types.js';
import { parseCourse } from './domain/parse-course.js';
import { countWords } from './domain/render-markdown.js';

// The two seed courses follow their syllabi: ten modules of seven topics, week 1 = modules 1-5.
const SEED_COURSES = ['education-networks-clusters', 'school-resource-allocation'];
const WORKED_EXAMPLE = /^(Case study|Workshop|Practical exercise|Action planning|Capstone project)/;

async function seedCourses(): Promise<CourseContent[]> {
  const { courses, problems } = await readCourseFolders('content', SEED_COURSES);
  expect(problems).toEqual([]);
  return courses.map((files) => {
    const parsed = parseCourse(files);
    if (!parsed.ok)
      throw new Error(
        parsed.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).join('\n'),
      );
    return parsed.value;
  });
}

describe('the seed courses in content/', () => {
  it('should be valid, with ten modules: 1-5 in week 1 and 6-10 in week 2', async () => {
    for (const course of await seedCourses()) {
      expect(course.modules.map((module) => module.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(course.weeks.map((week) => [week.number, week.moduleIds.length])).toEqual([
        [1, 5],
        [2, 5],
      ]);
      expect(course.weeks[0].moduleIds).toEqual(course.modules.slice(0, 5).map((module) => module.id));
      expect(course.outcomes.length).toBeGreaterThanOrEqual(5);
      expect(course.audience.length).toBeGreaterThanOrEqual(5);
      expect(course.actionPlan.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('should give every syllabus topic a section of at least 150 words of lesson text', async () => {
    const short: string[] = [];
    for (const course of await seedCourses()) {
      for (const module of course.modules) {
        expect(module.sections.length).toBe(7);
        for (const section of module.sections) {
          if (countWords(section.markdown) < 150) short.push(`${section.id}: ${countWords(section.markdown)} words`);
        }
      }
    }
    expect(short).toEqual([]);
  });

  it('should make every case study, workshop and exercise a marked worked example', async () => {
    for (const course of await seedCourses()) {
      const examples = course.modules
        .flatMap((module) => module.sections)
        .filter((section) => WORKED_EXAMPLE.test(section.title));
      // As many as the syllabi name: one case study in course 1; one per module in course 2.
      expect(examples.length).toBe(course.id === 'epm-networks' ? 1 : 10);
      for (const example of examples) {
        expect([example.id, example.kind]).not.toEqual([example.id, 'lesson']);
        expect(countWords(example.markdown)).toBeGreaterThanOrEqual(250);
      }
    }
  });

  it('should give each course the capstone its syllabus asks for: required sections, activities and budget tables, a rubric', async () => {
    const expected: Record<string, { sections: string[]; activities: string; budget: string }> = {
      'epm-networks': {
        sections: [
          'needs-assessment',
          'vision-mission',
          'swot',
          'goals-objectives',
          'kpis',
          'activities',
          'budget',
          'stakeholder-engagement',
          'monitoring-evaluation',
          'sustainability',
        ],
        activities: 'activities',
        budget: 'budget',
      },
      'epm-resources': {
        sections: [
          'needs-assessment',
          'allocation-model',
          'budget',
          'multi-year-forecast',
          'equity-analysis',
          'optimization-strategies',
          'implementation-timeline',
          'monitoring-plan',
          'stakeholder-communication',
        ],
        activities: 'implementation-timeline',
        budget: 'budget',
      },
    };
    const courses = await seedCourses();
    expect(courses.map((course) => course.id).sort()).toEqual(Object.keys(expected));
    for (const course of courses) {
      const capstone = course.capstone;
      if (!capstone) throw new Error(`${course.id} has no capstone.yaml`);
      const want = expected[course.id];
      const kindOf = (id: string) => (id === want.activities ? 'activities' : id === want.budget ? 'budget' : 'text');
      expect(capstone.sections.map((section) => [section.id, section.kind])).toEqual(
        want.sections.map((id) => [id, kindOf(id)]),
      );
      expect(capstone.sections.every((section) => section.required)).toBe(true);
      for (const section of capstone.sections) expect(countWords(section.guidance)).toBeGreaterThanOrEqual(40);
      // The brief says what to write, for what, how long, how it is judged and when it is due.
      expect(capstone.brief).toMatch(/### Length[\s\S]*words/);
      expect(capstone.brief).toMatch(/### How it is judged/);
      expect(capstone.brief).toMatch(/capstone due date on your cohort's schedule/);

      const criteria = capstone.rubric.criteria;
      expect(criteria.length).toBeGreaterThanOrEqual(5);
      expect(criteria.length).toBeLessThanOrEqual(7);
      expect(criteria.reduce((sum, criterion) => sum + criterion.weight, 0)).toBe(100);
      for (const criterion of criteria) {
        expect(criterion.levels.map((level) => [level.id, level.points])).toEqual([
          ['beginning', 1],
          ['developing', 2],
          ['proficient', 3],
          ['exemplary', 4],
        ]);
        // Descriptors are specific to their criterion, not one generic scale repeated.
        expect(new Set(criterion.levels.map((level) => level.descriptor)).size).toBe(4);
        for (const level of criterion.levels) expect(countWords(level.descriptor)).toBeGreaterThanOrEqual(15);
      }
      const allDescriptors = criteria.flatMap((criterion) => criterion.levels.map((level) => level.descriptor));
      expect(new Set(allDescriptors).size).toBe(allDescriptors.length);
      expect(capstone.passPercent).toBe(60);
      expect(course.gradebook).toEqual({ quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 });
    }
  });
});
