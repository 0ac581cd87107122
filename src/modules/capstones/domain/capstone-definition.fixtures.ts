import type { CapstoneDefinition } from './capstone.types.js';

/** A small capstone for tests: two required sections (text, budget), activities and one optional text. */
export function capstoneDefinitionFixture(): CapstoneDefinition {
  const section = (id: string, title: string, kind: 'text' | 'activities' | 'budget', required: boolean) => ({
    id,
    title,
    kind,
    guidance: `Write the ${title.toLowerCase()}.`,
    guidanceHtml: `<p>Write the ${title.toLowerCase()}.</p>`,
    required,
  });
  return {
    title: 'Network action plan',
    brief: 'Write an action plan for your network.',
    briefHtml: '<p>Write an action plan for your network.</p>',
    sections: [
      section('vision', 'Vision and mission', 'text', true),
      section('activities', 'Activities', 'activities', false),
      section('budget', 'Budget', 'budget', true),
      section('sustainability', 'Sustainability', 'text', false),
    ],
    rubric: {
      criteria: [
        {
          id: 'coherence',
          title: 'Coherence',
          weight: 1,
          levels: [
            { id: 'weak', label: 'Weak', points: 0, descriptor: 'Parts do not connect.' },
            { id: 'strong', label: 'Strong', points: 4, descriptor: 'Every part follows from the needs.' },
          ],
        },
      ],
    },
    passPercent: 50,
  };
}
