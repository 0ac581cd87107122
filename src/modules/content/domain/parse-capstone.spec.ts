import { describe, expect, it } from '@jest/globals';
import { capstoneYaml } from './content.fixtures.js';
import { parseCapstoneFile } from './parse-capstone.js';

const FILE = 'content/courses/test-course/capstone.yaml';

/** The 1-based line of the n-th line of `source` containing `text`. */
function lineOf(source: string, text: string, occurrence = 1): number {
  let seen = 0;
  const index = source.split('\n').findIndex((line) => line.includes(text) && ++seen === occurrence);
  if (index < 0) throw new Error(`no line ${occurrence} containing ${text}`);
  return index + 1;
}

function problemsOf(source: string) {
  const result = parseCapstoneFile(source, FILE);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

describe('parseCapstoneFile', () => {
  it('should read the brief, sections in order and the rubric with levels lowest first', () => {
    const result = parseCapstoneFile(capstoneYaml(), FILE);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.title).toBe('Test action plan');
    expect(result.value.brief).toContain('Write a plan');
    expect(result.value.passPercent).toBe(60);
    expect(result.value.sections.map((section) => [section.id, section.kind, section.required])).toEqual([
      ['tc-needs', 'text', true],
      ['tc-activities', 'activities', true],
      ['tc-budget', 'budget', false],
    ]);
    expect(result.value.rubric.criteria.map((criterion) => [criterion.id, criterion.weight])).toEqual([
      ['tc-evidence', 40],
      ['tc-feasibility', 60],
    ]);
    expect(result.value.rubric.criteria[0].levels).toEqual([
      { id: 'weak', label: 'Weak', points: 1, descriptor: 'No data.' },
      { id: 'strong', label: 'Strong', points: 3, descriptor: 'Data from two sources.' },
    ]);
  });

  it('should make a section required when the file does not say', () => {
    const result = parseCapstoneFile(capstoneYaml(), FILE);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const source = capstoneYaml();
    expect(source.slice(source.indexOf('id: tc-needs'), source.indexOf('id: tc-activities'))).not.toContain('required');
    expect(result.value.sections[0].required).toBe(true);
  });

  it('should name the line of an unknown field', () => {
    const source = capstoneYaml().replace('    kind: activities\n', '    kind: activities\n    colour: blue\n');
    expect(problemsOf(source)).toEqual([
      { file: FILE, line: lineOf(source, 'colour: blue'), message: 'sections[1]: unknown field colour' },
    ]);
  });

  it('should name the line of a section kind that does not exist', () => {
    const source = capstoneYaml().replace('kind: budget', 'kind: spreadsheet');
    expect(problemsOf(source)).toEqual([
      {
        file: FILE,
        line: lineOf(source, 'kind: spreadsheet'),
        message: 'sections[2].kind: kind must be one of text, activities, budget',
      },
    ]);
  });

  it('should name the second line of a duplicate section id and the line of the first', () => {
    const source = capstoneYaml().replace('id: tc-budget', 'id: tc-needs');
    expect(problemsOf(source)).toEqual([
      {
        file: FILE,
        line: lineOf(source, 'id: tc-needs', 2),
        message: `sections[2].id: duplicate section id tc-needs (first on line ${lineOf(source, 'id: tc-needs')})`,
      },
    ]);
  });

  it('should refuse a duplicate criterion id and a duplicate level id within a criterion', () => {
    const source = capstoneYaml()
      .replace('id: tc-feasibility', 'id: tc-evidence')
      .replace('id: strong', 'id: weak');
    expect(problemsOf(source)).toEqual([
      {
        file: FILE,
        line: lineOf(source, 'id: tc-evidence', 2),
        message: `rubric.criteria[1].id: duplicate criterion id tc-evidence (first on line ${lineOf(source, 'id: tc-evidence')})`,
      },
      {
        file: FILE,
        line: lineOf(source, '- id: weak', 2),
        message: `rubric.criteria[0].levels[1].id: duplicate level id weak (first on line ${lineOf(source, '- id: weak')})`,
      },
    ]);
  });

  it('should allow the same level ids in different criteria', () => {
    const source = capstoneYaml().replace('id: unrealistic', 'id: weak').replace('id: realistic', 'id: strong');
    expect(parseCapstoneFile(source, FILE).ok).toBe(true);
  });

  it('should refuse a criterion with fewer than 2 levels', () => {
    const source = capstoneYaml().replace(
      /(- id: tc-feasibility[\s\S]*?levels:\n)[\s\S]*?(\n\s+- id: realistic)/,
      (_match, head: string, tail: string) => head.slice(0, -1) + tail,
    );
    expect(source).not.toContain('unrealistic');
    expect(problemsOf(source)).toEqual([
      {
        file: FILE,
        line: lineOf(source, '- id: realistic'),
        message: 'rubric.criteria[1].levels: a criterion needs at least 2 levels',
      },
    ]);
  });

  it('should refuse a weight of zero or less', () => {
    const source = capstoneYaml().replace('weight: 40', 'weight: 0').replace('weight: 60', 'weight: -5');
    expect(problemsOf(source)).toEqual([
      { file: FILE, line: lineOf(source, 'weight: 0'), message: 'rubric.criteria[0].weight: weight must be positive' },
      { file: FILE, line: lineOf(source, 'weight: -5'), message: 'rubric.criteria[1].weight: weight must be positive' },
    ]);
  });

  it('should refuse level points that do not increase from level to level', () => {
    const source = capstoneYaml().replace('points: 3', 'points: 1');
    expect(problemsOf(source)).toEqual([
      {
        file: FILE,
        line: lineOf(source, 'points: 1', 2),
        message:
          'rubric.criteria[0].levels[1].points: points must increase from level to level: strong has 1, not more than 1 of weak before it',
      },
    ]);
  });

  it('should refuse a pass percent outside 0 to 100', () => {
    for (const value of ['120', '-1', 'sixty']) {
      const source = capstoneYaml().replace('passPercent: 60', `passPercent: ${value}`);
      expect(problemsOf(source)).toEqual([
        { file: FILE, line: 6, message: 'passPercent: passPercent must be a percentage from 0 to 100' },
      ]);
    }
  });

  it('should refuse ids that are not stable ids', () => {
    const source = capstoneYaml().replace('id: tc-activities', 'id: Activities_Table').replace('id: weak', 'id: "1 weak"');
    expect(problemsOf(source).map((problem) => [problem.line, problem.message.split(': ')[0]])).toEqual([
      [lineOf(source, 'Activities_Table'), 'sections[1].id'],
      [lineOf(source, '1 weak'), 'rubric.criteria[0].levels[0].id'],
    ]);
    expect(problemsOf(source)[0].message).toContain('must be a stable id');
  });

  it('should refuse a missing brief and empty sections with their lines', () => {
    const source = capstoneYaml()
      .replace(/brief: \|-\n( {2}.*\n)+/, '')
      .replace(/sections:\n[\s\S]*?(?=rubric:)/, 'sections: []\n');
    expect(problemsOf(source)).toEqual([
      { file: FILE, line: 1, message: 'brief: brief is required' },
      { file: FILE, line: lineOf(source, 'sections: []'), message: 'sections: sections must not be empty' },
    ]);
  });

  it('should report invalid YAML with its line', () => {
    const source = capstoneYaml().replace('guidance: Cost each line.', 'guidance: Cost each line.\n    guidance: Again.');
    expect(problemsOf(source)).toEqual([
      { file: FILE, line: lineOf(source, 'guidance: Again.'), message: 'invalid YAML: Map keys must be unique' },
    ]);
  });

  describe('peer review\'s own rubric', () => {
    const peerRubric = `
peerRubric:
  criteria:
    - id: pr-clarity
      title: Is the problem clear?
      weight: 1
      levels:
        - id: unclear
          label: Unclear
          points: 1
          descriptor: Cannot say what the plan is about.
        - id: clear
          label: Clear
          points: 2
          descriptor: Could explain it to a colleague.
`;

    it('should read peerRubric beside the rubric, and leave it out when the file has none', () => {
      const without = parseCapstoneFile(capstoneYaml(), FILE);
      expect(without.ok && without.value.peerRubric).toBeUndefined();
      const result = parseCapstoneFile(capstoneYaml() + peerRubric, FILE);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.value.peerRubric?.criteria.map((criterion) => criterion.id)).toEqual(['pr-clarity']);
      expect(result.value.rubric.criteria.length).toBeGreaterThan(0);
    });

    it('should check peerRubric like the rubric, naming its path and line', () => {
      const source = capstoneYaml() + peerRubric.replace('points: 2', 'points: 1');
      expect(problemsOf(source)).toEqual([
        {
          file: FILE,
          line: lineOf(source, 'points: 1', source.split('points: 1').length - 1),
          message:
            'peerRubric.criteria[0].levels[1].points: points must increase from level to level: clear has 1, not more than 1 of unclear before it',
        },
      ]);
    });
  });
});
