import { describe, expect, it } from '@jest/globals';
import type { CapstoneSection } from './capstone.types.js';
import { emptyRequiredSections, isSectionEmpty, readSectionForm, readSectionJson } from './plan-form.js';

const section = (kind: CapstoneSection['kind'], id: string = kind, required = true): CapstoneSection => ({
  id,
  title: `The ${id}`,
  kind,
  guidance: '',
  guidanceHtml: '',
  required,
});

describe('text sections', () => {
  it('should keep the text with normalised line ends', () => {
    expect(readSectionForm(section('text'), { text: 'Line 1\r\nLine 2' })).toEqual({
      ok: true,
      content: { kind: 'text', text: 'Line 1\nLine 2' },
    });
  });

  it('should refuse a text over the limit, saying how long it is', () => {
    const result = readSectionForm(section('text'), { text: 'x'.repeat(20_001) });
    expect(result).toEqual({ ok: false, problems: ['The text is 20001 characters long; the limit is 20000.'] });
  });
});

describe('activities', () => {
  const full = (n: number) => ({
    [`what-${n}`]: 'Train head teachers',
    [`who-${n}`]: 'District office',
    [`start-${n}`]: '2026-04-01',
    [`end-${n}`]: '2026-04-30',
    [`kpi-${n}`]: '40 trained',
  });

  it('should keep filled rows in order and drop fully empty ones', () => {
    const blank = { 'what-1': '', 'who-1': ' ', 'start-1': '', 'end-1': '', 'kpi-1': '' };
    const result = readSectionForm(section('activities'), { ...full(2), ...blank, ...full(0), 'what-3': '' });
    expect(result.ok && result.content).toEqual({
      kind: 'activities',
      rows: [
        {
          what: 'Train head teachers',
          who: 'District office',
          start: '2026-04-01',
          end: '2026-04-30',
          kpi: '40 trained',
        },
        {
          what: 'Train head teachers',
          who: 'District office',
          start: '2026-04-01',
          end: '2026-04-30',
          kpi: '40 trained',
        },
      ],
    });
  });

  it('should refuse a partly filled row naming the row and the field', () => {
    const result = readSectionForm(section('activities'), { ...full(0), 'what-1': 'Visit schools', 'who-1': 'Me' });
    expect(result).toEqual({
      ok: false,
      problems: ['Row 2: the start date is empty.', 'Row 2: the end date is empty.', 'Row 2: the KPI is empty.'],
    });
  });

  it('should refuse an end before the start and a date that does not exist', () => {
    expect(readSectionForm(section('activities'), { ...full(0), 'end-0': '2026-03-31' })).toEqual({
      ok: false,
      problems: ['Row 1: the end date 2026-03-31 is before the start date 2026-04-01.'],
    });
    expect(readSectionForm(section('activities'), { ...full(0), 'start-0': '2026-02-30' })).toEqual({
      ok: false,
      problems: ['Row 1: the start date “2026-02-30” is not a date (YYYY-MM-DD).'],
    });
  });

  it('should accept an activity of one day', () => {
    expect(readSectionForm(section('activities'), { ...full(0), 'end-0': '2026-04-01' }).ok).toBe(true);
  });

  it('should read the same rows from JSON', () => {
    const result = readSectionJson(section('activities'), {
      rows: [{ what: 'a', who: 'b', start: '2026-01-01', end: '2026-01-02', kpi: 'c' }, {}],
    });
    expect(result.ok && result.content).toEqual({
      kind: 'activities',
      rows: [{ what: 'a', who: 'b', start: '2026-01-01', end: '2026-01-02', kpi: 'c' }],
    });
    expect(readSectionJson(section('activities'), { rows: 'x' })).toEqual({
      ok: false,
      problems: ['rows must be a list of activities'],
    });
  });
});

describe('budget', () => {
  const budgetLine = (n: number, cost: string) => ({
    [`item-${n}`]: 'Workshop',
    [`category-${n}`]: 'Training',
    [`cost-${n}`]: cost,
    [`fundingSource-${n}`]: 'Government',
  });

  it('should keep lines with costs normalised to two decimals and the currency upper-cased', () => {
    const result = readSectionForm(section('budget'), { currency: 'npr', ...budgetLine(0, '1,250.5') });
    expect(result).toEqual({
      ok: true,
      content: {
        kind: 'budget',
        currency: 'NPR',
        lines: [{ item: 'Workshop', category: 'Training', cost: '1250.50', fundingSource: 'Government' }],
      },
    });
  });

  it('should refuse a cost that is not an amount, naming the row', () => {
    const result = readSectionForm(section('budget'), {
      currency: 'USD',
      ...budgetLine(0, '10'),
      ...budgetLine(1, '1.999'),
    });
    expect(result).toEqual({
      ok: false,
      problems: ['Row 2: the cost “1.999” is not an amount (digits, with at most 2 decimals, e.g. 1250.50).'],
    });
  });

  it('should ask for a currency when there are lines, and refuse an unknown form of currency', () => {
    expect(readSectionForm(section('budget'), { currency: '', ...budgetLine(0, '5') })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('Choose the currency')],
    });
    expect(readSectionForm(section('budget'), { currency: 'dollars' })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('“DOLLARS” is not a three-letter code')],
    });
  });

  it('should refuse a line with no funding source', () => {
    expect(
      readSectionForm(section('budget'), { currency: 'USD', ...budgetLine(0, '5'), 'fundingSource-0': '' }),
    ).toEqual({
      ok: false,
      problems: ['Row 1: the funding source is empty.'],
    });
  });
});

describe('emptyRequiredSections', () => {
  it('should name the required sections still empty, in order', () => {
    const sections = [
      section('text', 'vision'),
      section('activities'),
      section('budget'),
      section('text', 'annex', false),
    ];
    const plan = {
      sections: {
        vision: { kind: 'text' as const, text: '  ' },
        budget: {
          kind: 'budget' as const,
          currency: 'USD',
          lines: [{ item: 'a', category: 'b', cost: '1.00', fundingSource: 'c' }],
        },
      },
    };
    expect(emptyRequiredSections(sections, plan)).toEqual(['The vision', 'The activities']);
    expect(isSectionEmpty(undefined)).toBe(true);
  });
});
