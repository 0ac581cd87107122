import { describe, expect, it } from '@jest/globals';
import { ActionPlanPdfTemplate } from './action-plan-pdf.template.js';
import {
  actionPlanDocument,
  formatInstant,
  textParagraphs,
  type ActionPlanFacts,
} from './domain/action-plan-document.js';
import type { CapstoneDefinition, CapstoneSection, PlanContent } from './domain/capstone.types.js';

const section = (id: string, title: string, kind: CapstoneSection['kind']): CapstoneSection => ({
  id,
  title,
  kind,
  guidance: '',
  guidanceHtml: '',
  required: true,
});

const definition: CapstoneDefinition = {
  title: 'Network action plan',
  brief: '',
  briefHtml: '',
  sections: [
    section('needs', 'Needs assessment', 'text'),
    section('vision', 'Vision & mission', 'text'),
    section('activities', 'Activities', 'activities'),
    section('budget', 'Budget', 'budget'),
    section('sustainability', 'Sustainability', 'text'),
  ],
  rubric: { criteria: [] },
  passPercent: 50,
};

const content: PlanContent = {
  sections: {
    budget: {
      kind: 'budget',
      currency: 'NPR',
      lines: [
        { item: 'Workshop <b>hall</b>', category: 'Training', cost: '1250.50', fundingSource: 'Ministry' },
        { item: 'Bus fares', category: 'Travel', cost: '300', fundingSource: 'UNICEF' },
        { item: 'Handbooks', category: 'Training', cost: '99.99', fundingSource: 'UNICEF' },
      ],
    },
    needs: { kind: 'text', text: 'First line\nsecond line\n\n\nA new paragraph <script>alert(1)</script>' },
    activities: {
      kind: 'activities',
      rows: [
        {
          what: 'Train heads & deputies',
          who: 'District office',
          start: '2026-01-05',
          end: '2026-02-20',
          kpi: '90 % trained',
        },
      ],
    },
    // The stored kind does not match the definition: shown as not written, never misread.
    vision: { kind: 'activities', rows: [] },
  },
};

const facts: ActionPlanFacts = {
  participantName: 'Sita "Sunny" Sharma',
  courseTitle: 'Educational planning: resources',
  cohortTitle: 'Kathmandu 2026',
  instituteName: 'CEPT Nepal',
  brandColour: 'red;} body{display:none',
  language: 'en',
  version: 2,
  submittedAt: new Date('2026-03-12T08:45:00Z'),
  timeZone: 'Asia/Kathmandu',
  late: true,
};

describe('actionPlanDocument', () => {
  const document = actionPlanDocument(definition, content, facts);

  it('should keep the sections in the order of the definition, with missing or mismatched ones shown empty', () => {
    expect(document.sections.map((entry) => [entry.title, entry.isEmpty])).toEqual([
      ['Needs assessment', false],
      ['Vision & mission', true],
      ['Activities', false],
      ['Budget', false],
      ['Sustainability', true],
    ]);
  });

  it('should compute the budget totals in cents and show every amount with two decimals', () => {
    const budget = document.sections[3];
    if (!budget.isBudget) throw new Error('expected the budget section');
    expect(budget.lines.map((line) => line.amount)).toEqual(['1,250.50', '300.00', '99.99']);
    // 1250.50 + 300 + 99.99 = 1650.49
    expect(budget.total).toBe('1,650.49');
    expect(budget.byCategory).toEqual([
      { label: 'Training', amount: '1,350.49' },
      { label: 'Travel', amount: '300.00' },
    ]);
    expect(budget.byFundingSource).toEqual([
      { label: 'Ministry', amount: '1,250.50' },
      { label: 'UNICEF', amount: '399.99' },
    ]);
  });

  it('should show the submission time in the cohort time zone, and refuse a brand colour that is not a hex colour', () => {
    // 08:45 UTC is 14:30 in Kathmandu (UTC+05:45).
    expect(document.submittedOn).toBe('12 March 2026, 14:30 (Asia/Kathmandu)');
    expect(document.brandColour).toBe('#1f4e79');
    expect(actionPlanDocument(definition, content, { ...facts, brandColour: '#A4262C' }).brandColour).toBe('#A4262C');
  });
});

describe('textParagraphs', () => {
  it('should split at blank lines and keep the line breaks inside a paragraph', () => {
    expect(textParagraphs('One\r\ntwo\r\n\r\n  \n\nThree\n')).toEqual(['One\ntwo', 'Three']);
    expect(textParagraphs('  \n\n ')).toEqual([]);
  });
});

describe('formatInstant', () => {
  it('should name the zone after the local date and time', () => {
    expect(formatInstant(new Date('2026-01-31T23:30:00Z'), 'Africa/Dakar')).toBe(
      '31 January 2026, 23:30 (Africa/Dakar)',
    );
  });
});

describe('ActionPlanPdfTemplate', () => {
  const template = new ActionPlanPdfTemplate();
  const { html, pdf } = template.render(actionPlanDocument(definition, content, facts));

  it('should print the participant text as text: a script tag or HTML in a plan never becomes markup', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Workshop &lt;b&gt;hall&lt;/b&gt;');
    expect(html).not.toContain('<b>hall</b>');
    expect(html).toContain('Sita &quot;Sunny&quot; Sharma');
    expect(html).toContain('Train heads &amp; deputies');
  });

  it('should keep line breaks of a paragraph for pre-wrapped printing, and flag a late version', () => {
    expect(html).toContain('<p class="text" dir="auto">First line\nsecond line</p>');
    expect(html).toContain('Submitted after the due date');
    expect(html).toContain('<dt>Version</dt><dd>2</dd>');
    expect(template.render(actionPlanDocument(definition, content, { ...facts, late: false })).html).not.toContain(
      'Submitted after the due date',
    );
  });

  it('should put the page numbers and the escaped plan name in the footer', () => {
    expect(pdf.format).toBe('A4');
    expect(pdf.footerTemplate).toContain('Page <span class="pageNumber"></span> of <span class="totalPages"></span>');
    expect(pdf.footerTemplate).toContain('Network action plan · Sita &quot;Sunny&quot; Sharma');
  });
});
