import { budgetTotals, formatCents, parseCents, type BudgetSubtotal } from './budget-totals.js';
import type { CapstoneDefinition, PlanActivity, PlanContent, PlanSectionContent } from './capstone.types.js';

/** What the PDF states about a submitted version, besides the plan itself. */
export interface ActionPlanFacts {
  participantName: string;
  courseTitle: string;
  cohortTitle: string;
  instituteName: string;
  /** The institute's brand colour; anything but a plain hex colour is replaced by the default. */
  brandColour: string;
  /** BCP 47 language of the course, for <html lang>. */
  language: string;
  version: number;
  submittedAt: Date;
  /** The cohort's IANA time zone: dates are shown as the cohort lives them. */
  timeZone: string;
  late: boolean;
}

export interface DocumentSubtotal {
  label: string;
  amount: string;
}

/** A budget line as shown: the cost as stored and as an amount with thousands separated ("1,250.50"). */
export interface DocumentBudgetLine {
  item: string;
  category: string;
  fundingSource: string;
  cost: string;
  amount: string;
}

export type DocumentSection =
  | {
      id: string;
      title: string;
      isText: true;
      isActivities: false;
      isBudget: false;
      isEmpty: boolean;
      paragraphs: string[];
    }
  | {
      id: string;
      title: string;
      isText: false;
      isActivities: true;
      isBudget: false;
      isEmpty: boolean;
      rows: PlanActivity[];
    }
  | {
      id: string;
      title: string;
      isText: false;
      isActivities: false;
      isBudget: true;
      isEmpty: boolean;
      currency: string;
      lines: DocumentBudgetLine[];
      total: string;
      byCategory: DocumentSubtotal[];
      byFundingSource: DocumentSubtotal[];
    };

/** Everything the action-plan template shows, as plain strings: the template escapes them all. */
export interface ActionPlanDocument {
  lang: string;
  title: string;
  participantName: string;
  courseTitle: string;
  cohortTitle: string;
  instituteName: string;
  brandColour: string;
  version: number;
  submittedOn: string;
  late: boolean;
  sections: DocumentSection[];
}

const DEFAULT_BRAND_COLOUR = '#1f4e79';
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * The document model of a submitted action plan: every section of the definition in its order, the participant's
 * text split into paragraphs (never HTML), and budget totals computed in cents. A section the participant left
 * out, or whose stored kind no longer matches the definition, is shown as not written.
 */
export function actionPlanDocument(
  definition: CapstoneDefinition,
  content: PlanContent,
  facts: ActionPlanFacts,
): ActionPlanDocument {
  return {
    lang: facts.language,
    title: definition.title,
    participantName: facts.participantName,
    courseTitle: facts.courseTitle,
    cohortTitle: facts.cohortTitle,
    instituteName: facts.instituteName,
    brandColour: HEX_COLOUR.test(facts.brandColour) ? facts.brandColour : DEFAULT_BRAND_COLOUR,
    version: facts.version,
    submittedOn: formatInstant(facts.submittedAt, facts.timeZone),
    late: facts.late,
    sections: planDocumentSections(definition, content),
  };
}

/**
 * The plan in the definition's section order, as every read-only view shows it (grading page, PDF): the text
 * split into paragraphs (never HTML), activities, and budget lines with totals computed in cents. A section the
 * participant left out, or whose stored kind no longer matches the definition, is shown as not written.
 */
export function planDocumentSections(definition: CapstoneDefinition, content: PlanContent): DocumentSection[] {
  return definition.sections.map((section): DocumentSection => {
    const written = content.sections[section.id] as PlanSectionContent | undefined;
    switch (section.kind) {
      case 'text': {
        const paragraphs = written?.kind === 'text' ? textParagraphs(written.text) : [];
        return {
          id: section.id,
          title: section.title,
          isText: true,
          isActivities: false,
          isBudget: false,
          isEmpty: paragraphs.length === 0,
          paragraphs,
        };
      }
      case 'activities': {
        const rows = written?.kind === 'activities' ? written.rows : [];
        return {
          id: section.id,
          title: section.title,
          isText: false,
          isActivities: true,
          isBudget: false,
          isEmpty: rows.length === 0,
          rows,
        };
      }
      case 'budget': {
        const budget = written?.kind === 'budget' ? written : { currency: '', lines: [] };
        const totals = budgetTotals(budget.lines);
        return {
          id: section.id,
          title: section.title,
          isText: false,
          isActivities: false,
          isBudget: true,
          isEmpty: budget.lines.length === 0,
          currency: budget.currency,
          // budgetTotals has refused any unreadable cost, so every line parses here.
          lines: budget.lines.map((line) => ({
            item: line.item,
            category: line.category,
            fundingSource: line.fundingSource,
            cost: line.cost,
            amount: formatCents(parseCents(line.cost) ?? 0),
          })),
          total: totals.overall,
          byCategory: totals.byCategory.map(subtotal),
          byFundingSource: totals.byFundingSource.map(subtotal),
        };
      }
    }
  });
}

/** Paragraphs split at blank lines; line breaks inside a paragraph are kept (the template prints pre-wrapped). */
export function textParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.replace(/^\n+|\s+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '');
}

/** "12 March 2026, 14:30 (Asia/Kathmandu)": the instant in the cohort's zone, named so nobody misreads it. */
export function formatInstant(at: Date, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(at);
  return `${formatted.replace(' at ', ', ')} (${timeZone})`;
}

function subtotal(entry: BudgetSubtotal): DocumentSubtotal {
  return { label: entry.label, amount: entry.amount };
}
