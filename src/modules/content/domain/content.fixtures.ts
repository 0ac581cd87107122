import type { CourseFiles } from './parse-course.js';

const pad = (number: number) => String(number).padStart(2, '0');

/** A small valid course.yaml; `weeks` lists module ids per week. */
export function courseYaml(options: { weeks: string[][] }): string {
  const weeks = options.weeks
    .map(
      (moduleIds, index) =>
        `  - id: tc-week-${index + 1}\n    number: ${index + 1}\n    title: Week ${index + 1}\n    modules: [${moduleIds.join(', ')}]`,
    )
    .join('\n');
  return `id: test-course
language: en
title: Test course
summary: A course for tests.
introduction: An introduction.
hours: 40
outcomes:
  - id: tc-out-1
    text: Plan.
audience:
  - id: tc-aud-1
    text: Principals.
methodologies:
  - id: tc-meth-1
    text: Case studies.
benefits:
  participants:
    - id: tc-ben-p-1
      text: Skills.
  organization:
    - id: tc-ben-o-1
      text: Results.
weeks:
${weeks}
actionPlan:
  - id: tc-act-1
    text: Act.
completion:
  modules: all
  quizzes: all
  capstone: true
  peerReviews: 3
`;
}

/** A valid module file: its section heading is on line 10. */
export function moduleFile(number: number, sectionText = 'Some lesson text.') {
  const id = `tc-m${pad(number)}`;
  return {
    file: `content/courses/test-course/modules/${pad(number)}.md`,
    source: `---
id: ${id}
number: ${number}
title: Module ${number}
estimatedMinutes: 60
objectives:
  - id: ${id}-obj-1
    text: Learn.
---
## Section one {#${id}-s1}

${sectionText}
`,
  };
}

export function courseFiles(options: { modules: number; perWeek: number }): CourseFiles {
  const ids = Array.from({ length: options.modules }, (_, index) => `tc-m${pad(index + 1)}`);
  const weeks: string[][] = [];
  for (let start = 0; start < ids.length; start += options.perWeek)
    weeks.push(ids.slice(start, start + options.perWeek));
  return {
    slug: 'test-course',
    course: { file: 'content/courses/test-course/course.yaml', source: courseYaml({ weeks }) },
    modules: ids.map((_, index) => moduleFile(index + 1)),
  };
}

/** A valid quiz file for module `number` with `count` single-choice questions. */
export function quizFile(number: number, count = 2, extra = '') {
  const moduleId = `tc-m${pad(number)}`;
  const questions = Array.from(
    { length: count },
    (_, index) => `  - id: ${moduleId}-q${index + 1}
    type: single-choice
    text: Question ${index + 1}?
    options:
      - { id: ${moduleId}-q${index + 1}-a, text: Right, fraction: 1 }
      - { id: ${moduleId}-q${index + 1}-b, text: Wrong, fraction: 0 }`,
  ).join('\n');
  return {
    file: `content/courses/test-course/modules/${pad(number)}.quiz.yaml`,
    source: `module: ${moduleId}\n${extra}questions:\n${questions}\n`,
  };
}

/** A small valid capstone.yaml: three sections (the last one optional) and two criteria of two levels each. */
export function capstoneYaml(): string {
  return `title: Test action plan
brief: |-
  Write a plan for **your** network.

  <script>alert(1)</script>
passPercent: 60
sections:
  - id: tc-needs
    title: Needs
    kind: text
    guidance: Show the *evidence*.
  - id: tc-activities
    title: Activities
    kind: activities
    guidance: One row per activity.
    required: true
  - id: tc-budget
    title: Budget
    kind: budget
    guidance: Cost each line.
    required: false
rubric:
  criteria:
    - id: tc-evidence
      title: Evidence
      weight: 40
      levels:
        - id: weak
          label: Weak
          points: 1
          descriptor: No data.
        - id: strong
          label: Strong
          points: 3
          descriptor: Data from two sources.
    - id: tc-feasibility
      title: Feasibility
      weight: 60
      levels:
        - id: unrealistic
          label: Unrealistic
          points: 0
          descriptor: No owners.
        - id: realistic
          label: Realistic
          points: 2
          descriptor: One owner per activity.
`;
}

export function capstoneFile(source = capstoneYaml()) {
  return { file: 'content/courses/test-course/capstone.yaml', source };
}
