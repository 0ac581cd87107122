import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { courseFiles } from './content.fixtures.js';
import { canonicalJson, hashCourse } from './hash-course.js';
import { parseCourse } from './parse-course.js';
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
