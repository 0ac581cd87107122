import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { capstoneFile, capstoneYaml, courseFiles } from './content.fixtures.js';
import { canonicalJson, hashCourse } from './hash-course.js';
import { parseCourse } from './parse-course.js';
import { prepareCourse } from './prepare-course.js';
import { countWords, renderMarkdown } from './render-markdown.js';

function parsed(files = courseFiles({ modules: 2, perWeek: 1 })) {
  const result = parseCourse(files);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('hashCourse', () => {
  it('should give the same hash for the same content, whatever the formatting of the files', () => {
    const files = courseFiles({ modules: 2, perWeek: 1 });
    const reformatted = courseFiles({ modules: 2, perWeek: 1 });
    reformatted.course.source = reformatted.course.source.replace('title: Test course', 'title:    "Test course"   ');
    reformatted.modules[0].source = reformatted.modules[0].source.replace(
      'Some lesson text.',
      'Some lesson text.\n\n\n',
    );
    expect(hashCourse(parsed(reformatted))).toBe(hashCourse(parsed(files)));
  });

  it('should change when any text changes', () => {
    const files = courseFiles({ modules: 2, perWeek: 1 });
    files.modules[1].source = files.modules[1].source.replace('Some lesson text.', 'Some lesson text!');
    expect(hashCourse(parsed(files))).not.toBe(hashCourse(parsed()));
  });

  it('should change when the capstone or the gradebook weights change, and not when capstone.yaml is reformatted', () => {
    const withCapstone = (source = capstoneYaml()) => ({
      ...courseFiles({ modules: 2, perWeek: 1 }),
      capstone: capstoneFile(source),
    });
    const base = hashCourse(parsed(withCapstone()));
    expect(base).not.toBe(hashCourse(parsed()));
    expect(hashCourse(parsed(withCapstone(capstoneYaml().replace('descriptor: No data.', 'descriptor: No data at all.'))))).not.toBe(base);
    expect(hashCourse(parsed(withCapstone(capstoneYaml().replace('weight: 40', 'weight: 45'))))).not.toBe(base);
    expect(hashCourse(parsed(withCapstone(capstoneYaml().replace('title: Needs', 'title:   "Needs"  '))))).toBe(base);
    const reweighted = withCapstone();
    reweighted.course.source += 'gradebook:\n  quizzes: 50\n  capstone: 50\n';
    expect(hashCourse(parsed(reweighted))).not.toBe(base);
  });

  it('canonicalJson should not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });
});

describe('renderMarkdown', () => {
  it('should render lists and tables', () => {
    const html = renderMarkdown('- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |');
    expect(html).toContain('<ul>\n<li>one</li>');
    expect(html).toContain('<td style="text-align:right">2</td>');
  });

  it('should never let script or event handlers through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('countWords should ignore Markdown punctuation', () => {
    expect(countWords('## Title\n\n- **one** two\n| three | 4 |')).toBe(5);
  });
});

describe('prepareCourse', () => {
  it('should render the capstone brief and guidance to sanitised HTML and keep the weights in the outline', () => {
    const prepared = prepareCourse(parsed({ ...courseFiles({ modules: 1, perWeek: 1 }), capstone: capstoneFile() }));
    expect(prepared.capstone?.brief).toContain('<script>alert(1)</script>');
    expect(prepared.capstone?.briefHtml).toBe(
      '<p>Write a plan for <strong>your</strong> network.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
    expect(prepared.capstone?.sections[0]).toEqual({
      id: 'tc-needs',
      title: 'Needs',
      kind: 'text',
      guidance: 'Show the *evidence*.',
      guidanceHtml: '<p>Show the <em>evidence</em>.</p>\n',
      required: true,
    });
    expect(prepared.capstone?.rubric.criteria[1].levels.map((level) => level.points)).toEqual([0, 2]);
    expect(prepared.outline.gradebook).toEqual({ quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 });
  });

  it('should store no capstone for a course without capstone.yaml', () => {
    expect(prepareCourse(parsed()).capstone).toBeNull();
  });
});
