import { describe, expect, it } from '@jest/globals';
import { parseModuleMarkdown } from './parse-module.js';

const FRONT_MATTER = `---
id: net-m01
number: 1
title: Introduction
estimatedMinutes: 90
objectives:
  - id: net-m01-obj-define
    text: Define a cluster.
---`;

describe('parseModuleMarkdown', () => {
  it('should read front matter, the introduction and one section per heading with its stable id and kind', () => {
    const result = parseModuleMarkdown(
      `${FRONT_MATTER}\n\nWelcome.\n\n## Defining clusters {#net-m01-defining}\n\nA cluster is…\n\n### A sub-heading\n\nMore.\n\n## Case study: Cambodia {#net-m01-case .case-study}\n\nIn Cambodia…\n`,
      'm01.md',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.id).toBe('net-m01');
    expect(result.value.introduction).toBe('Welcome.');
    expect(result.value.sections).toEqual([
      {
        id: 'net-m01-defining',
        title: 'Defining clusters',
        kind: 'lesson',
        markdown: 'A cluster is…\n\n### A sub-heading\n\nMore.',
      },
      { id: 'net-m01-case', title: 'Case study: Cambodia', kind: 'case-study', markdown: 'In Cambodia…' },
    ]);
  });

  it('should not treat a heading inside a code block as a section', () => {
    const result = parseModuleMarkdown(
      `${FRONT_MATTER}\n## One {#s-one}\n\n\`\`\`\n## not a section\n\`\`\`\n`,
      'm.md',
    );
    expect(result.ok && result.value.sections.map((section) => section.id)).toEqual(['s-one']);
  });

  it('should name the line of a heading without a stable id', () => {
    const result = parseModuleMarkdown(
      `${FRONT_MATTER}\n\n## Good {#s-good}\n\nText.\n\n## No id here\n\nText.\n`,
      'content/m.md',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        {
          file: 'content/m.md',
          line: 15,
          message: 'section heading "No id here" needs a stable id at its end, e.g. {#net-m01-intro}',
        },
      ]);
    }
  });

  it('should name the line of a bad front matter value, counting from the top of the file', () => {
    const source = FRONT_MATTER.replace('estimatedMinutes: 90', 'estimatedMinutes: ninety') + '\n## A {#a}\n\nText.';
    const result = parseModuleMarkdown(source, 'm.md');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ file: 'm.md', line: 5 });
      expect(result.problems[0].message).toMatch(/^estimatedMinutes: /);
    }
  });

  it('should report duplicate section ids, unknown kinds, empty sections and a missing front matter', () => {
    const duplicate = parseModuleMarkdown(`${FRONT_MATTER}\n## A {#a}\nx\n## B {#a}\ny\n`, 'm.md');
    expect(!duplicate.ok && duplicate.problems[0]).toEqual({
      file: 'm.md',
      line: 12,
      message: 'duplicate section id a (first on line 10)',
    });

    const kind = parseModuleMarkdown(`${FRONT_MATTER}\n## A {#a .quiz}\nx\n`, 'm.md');
    expect(!kind.ok && kind.problems[0].message).toMatch(/unknown section kind "\.quiz"/);

    const empty = parseModuleMarkdown(`${FRONT_MATTER}\n## A {#a}\n\n## B {#b}\ntext\n`, 'm.md');
    expect(!empty.ok && empty.problems[0]).toEqual({ file: 'm.md', line: 10, message: 'section a has no text' });

    const bare = parseModuleMarkdown('## A {#a}\ntext', 'm.md');
    expect(!bare.ok && bare.problems[0].line).toBe(1);
  });

  it('should report invalid YAML at its line', () => {
    const result = parseModuleMarkdown('---\nid: net-m01\ntitle: [unclosed\n---\n## A {#a}\ntext', 'm.md');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0].message).toMatch(/^invalid YAML/);
      expect(result.problems[0].line).toBeGreaterThanOrEqual(3);
    }
  });
});
