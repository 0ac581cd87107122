import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { networksCourse } from './localization.fixtures.js';
import { listCourseUnits } from './translation-units.js';

describe('listCourseUnits', () => {
  it('should list the translatable fields of the networks course under ids made of its stable ids', async () => {
    const course = await networksCourse();
    const units = listCourseUnits(course);
    const ids = units.map((unit) => unit.id);
    const module = course.modules[0];
    const section = module.sections[0];
    const question = module.quiz!.questions[0];
    const criterion = course.capstone!.rubric.criteria[0];

    expect(ids.slice(0, 3)).toEqual(['course/title', 'course/summary', 'course/introduction']);
    expect(ids).toEqual(
      expect.arrayContaining([
        `outcomes/${course.outcomes[0].id}`,
        `${module.id}/title`,
        `${module.id}/introduction`,
        `${module.id}/objectives/${module.objectives[0].id}`,
        `${module.id}/sections/${section.id}/title`,
        `${module.id}/sections/${section.id}/markdown`,
        `${module.id}/quiz/${question.id}/text`,
        `${module.id}/quiz/${question.id}/general-feedback`,
        'capstone/title',
        'capstone/brief',
        `capstone/sections/${course.capstone!.sections[0].id}/guidance`,
        `capstone/rubric/${criterion.id}/title`,
        `capstone/rubric/${criterion.id}/levels/${criterion.levels[0].id}/descriptor`,
      ]),
    );
    if (question.type === 'single-choice')
      expect(ids).toContain(`${module.id}/quiz/${question.id}/options/${question.options[0].id}/feedback`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)+$/);
  });

  it('should carry each source with its sha256, no target, and the section Markdown as authored', async () => {
    const course = await networksCourse();
    const units = listCourseUnits(course);
    const section = course.modules[0].sections[0];

    const unit = units.find((each) => each.id === `${course.modules[0].id}/sections/${section.id}/markdown`)!;
    expect(unit).toEqual({
      id: unit.id,
      source: section.markdown,
      sourceHash: createHash('sha256').update(section.markdown).digest('hex'),
      target: null,
      note: 'Section text (Markdown)',
    });
    expect(units.every((each) => each.source !== '')).toBe(true);
  });
});
