import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import type { Locale } from '../../infra/i18n/locales.js';
import { cohortPath } from '../cohorts/learning.service.js';
import type { Deadline } from './domain/deadline.js';
import { emptySectionContent, isSectionEmpty } from './domain/plan-form.js';
import { budgetTotals, parseCents } from './domain/budget-totals.js';
import type { CapstoneSection, PlanBudgetLine, PlanSectionContent } from './domain/capstone.types.js';
import type { AttachmentRecord, SubmissionRecord } from './capstone-submissions.repository.js';
import type { CapstoneContext, PlanOverview } from './capstone-plans.service.js';

/** Blank rows offered under the filled ones; "add rows" offers this many more. */
export const BLANK_ROWS = 3;

export function capstonePath(context: CapstoneContext): string {
  return `${cohortPath(context.access.institute.slug, context.access.cohort.id)}/capstone`;
}

/** A moment in the cohort's time zone, written the way the page's locale writes it. */
export function when(context: CapstoneContext, instant: Date, locale: Locale): string {
  return formatInTimeZone(new Date(instant), context.access.cohort.timeZone, locale);
}

export function deadlineModel(context: CapstoneContext, deadline: Deadline, locale: Locale) {
  return {
    dueAt: when(context, deadline.dueAt, locale),
    extension: deadline.extension
      ? { reason: deadline.extension.reason, grantedAt: when(context, deadline.extension.grantedAt, locale) }
      : null,
    cohortDueAt: when(context, new Date(context.access.cohort.schedule.capstoneDueAt), locale),
  };
}

export function attachmentModel(base: string, attachment: AttachmentRecord) {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    mediaType: attachment.mediaType,
    size: attachment.sizeBytes < 1024 ? `${attachment.sizeBytes} B` : `${Math.ceil(attachment.sizeBytes / 1024)} KB`,
    sha256: attachment.sha256,
    href: `${base}/attachments/${attachment.id}`,
  };
}

export function versionRow(context: CapstoneContext, href: string, submission: SubmissionRecord, locale: Locale) {
  return {
    version: submission.version,
    submittedAt: when(context, submission.submittedAt, locale),
    dueAt: when(context, submission.dueAt, locale),
    late: submission.late,
    href,
    // The PDF is addressed by submission id: the version number alone does not say whose plan it is.
    pdfHref: `${capstonePath(context)}/versions/${submission.id}/pdf`,
  };
}

export function overviewModel(
  context: CapstoneContext,
  overview: PlanOverview,
  csrfToken: string,
  error: string | null,
  locale: Locale,
) {
  const base = capstonePath(context);
  const { draft } = overview;
  const latest = overview.submissions.at(-1) ?? null;
  return {
    title: context.definition.title,
    briefHtml: context.definition.briefHtml,
    deadline: deadlineModel(context, overview.deadline, locale),
    refuseLate: overview.latePolicy === 'refuse',
    timeZone: context.access.cohort.timeZone,
    revision: draft.revision,
    savedAt: draft.updatedAt ? when(context, draft.updatedAt, locale) : null,
    sections: context.definition.sections.map((section) => ({
      title: section.title,
      required: section.required,
      guidanceHtml: section.guidanceHtml,
      written: !isSectionEmpty(draft.content.sections[section.id]),
      href: `${base}/sections/${section.id}`,
    })),
    attachments: overview.attachments.map((attachment) => attachmentModel(base, attachment)),
    uploadHref: `${base}/attachments`,
    submitHref: `${base}/submit`,
    versions: overview.submissions
      .map((submission) => versionRow(context, `${base}/versions/${submission.version}`, submission, locale))
      .reverse(),
    submittedCurrentDraft: latest !== null && latest.draftRevision === draft.revision,
    isStaff: context.access.isStaff,
    peopleHref: `${base}/people`,
    csrfToken,
    error,
  };
}

/** A section's content as the read-only plan shows it (versions, staff pages). */
export function sectionView(section: CapstoneSection, content: PlanSectionContent | undefined) {
  const value = content ?? emptySectionContent(section);
  return {
    title: section.title,
    empty: isSectionEmpty(value),
    text: value.kind === 'text' ? value.text : null,
    activities: value.kind === 'activities' ? value.rows : null,
    budget:
      value.kind === 'budget'
        ? { currency: value.currency, lines: value.lines, totals: budgetTotals(value.lines) }
        : null,
  };
}

interface SectionFormState {
  content: PlanSectionContent;
  revision: number;
  extraRows: number;
  saved: boolean;
  problems: string[];
  stale: string | null;
  unsavedText: string | null;
}

/** The section form: the rows kept plus blank ones, and the budget totals of what is stored. */
export function sectionFormModel(
  context: CapstoneContext,
  section: CapstoneSection,
  state: SectionFormState,
  csrfToken: string,
) {
  const base = capstonePath(context);
  const { content } = state;
  const blanks = BLANK_ROWS + state.extraRows;
  const activities =
    content.kind === 'activities'
      ? [
          ...content.rows,
          ...Array.from({ length: blanks }, () => ({ what: '', who: '', start: '', end: '', kpi: '' })),
        ].map((row, index) => ({ ...row, index, number: index + 1 }))
      : null;
  const lines =
    content.kind === 'budget'
      ? [
          ...content.lines,
          ...Array.from({ length: blanks }, () => ({ item: '', category: '', cost: '', fundingSource: '' })),
        ].map((line, index) => ({ ...line, index, number: index + 1 }))
      : null;
  return {
    title: section.title,
    guidanceHtml: section.guidanceHtml,
    required: section.required,
    action: `${base}/sections/${section.id}`,
    backHref: base,
    revision: state.revision,
    isText: content.kind === 'text',
    text: content.kind === 'text' ? content.text : '',
    activities,
    budget:
      content.kind === 'budget'
        ? { currency: content.currency, lines, totals: budgetTotals(readableLines(content.lines)) }
        : null,
    extraRows: state.extraRows,
    saved: state.saved,
    problems: state.problems,
    stale: state.stale,
    unsavedText: state.unsavedText,
    csrfToken,
  };
}

/** A form shown again with its problems may hold costs that cannot be read: they count for nothing in its totals. */
function readableLines(lines: PlanBudgetLine[]): PlanBudgetLine[] {
  return lines.filter((line) => parseCents(line.cost) !== null);
}

/** A version number from the address, read after access is decided (so strangers get 404, never 400); 0: none. */
export function versionNumber(value: string): number {
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 0;
}
