import type { CapstoneDefinition, CriterionGrade, PlanContent } from './domain/capstone.types.js';

/** "3 d 4 h", "5 h 12 min", "7 min": how long a plan has waited, for the queue. */
export function waitingTime(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

/** "812 B", "14 KB", "2.4 MB": an attachment's size as a person reads it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A decimal string with at most 2 decimals to cents; anything else counts as nothing (it was checked on submit). */
function cents(cost: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cost.trim());
  if (!match) return 0;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function money(totalCents: number): string {
  return `${Math.floor(totalCents / 100)}.${String(totalCents % 100).padStart(2, '0')}`;
}

/** The submitted plan, read-only, in the definition's section order; budget totals computed here. */
export function planSections(definition: CapstoneDefinition, content: PlanContent) {
  return definition.sections.map((section) => {
    const value = content.sections[section.id] ?? null;
    const base = { id: section.id, title: section.title, isText: false, isActivities: false, isBudget: false };
    if (!value) return { ...base, empty: true, paragraphs: [], rows: [], lines: [], currency: '', total: '' };
    switch (value.kind) {
      case 'text':
        return {
          ...base,
          isText: true,
          empty: value.text.trim() === '',
          paragraphs: value.text.split(/\n{2,}/).filter((part) => part.trim() !== ''),
          rows: [],
          lines: [],
          currency: '',
          total: '',
        };
      case 'activities':
        return {
          ...base,
          isActivities: true,
          empty: value.rows.length === 0,
          paragraphs: [],
          rows: value.rows,
          lines: [],
          currency: '',
          total: '',
        };
      case 'budget':
        return {
          ...base,
          isBudget: true,
          empty: value.lines.length === 0,
          paragraphs: [],
          rows: [],
          lines: value.lines,
          currency: value.currency,
          total: money(value.lines.reduce((sum, line) => sum + cents(line.cost), 0)),
        };
    }
  });
}

/** The rubric as radio buttons: each criterion with its levels, the chosen one checked, and its comment. */
export function rubricForm(definition: CapstoneDefinition, criteria: readonly CriterionGrade[]) {
  return definition.rubric.criteria.map((criterion) => {
    const grade = criteria.find((entry) => entry.criterionId === criterion.id);
    return {
      id: criterion.id,
      title: criterion.title,
      weight: criterion.weight,
      comment: grade?.comment ?? '',
      levels: criterion.levels.map((level) => ({
        ...level,
        checked: grade?.levelId === level.id,
      })),
    };
  });
}

/** A released grade as its participant reads it: level labels and comments per criterion. */
export function releasedCriteria(definition: CapstoneDefinition | null, criteria: readonly CriterionGrade[]) {
  return criteria.map((grade) => {
    const criterion = definition?.rubric.criteria.find((entry) => entry.id === grade.criterionId);
    const level = criterion?.levels.find((entry) => entry.id === grade.levelId);
    return {
      criterionId: grade.criterionId,
      title: criterion?.title ?? grade.criterionId,
      levelId: grade.levelId,
      levelLabel: level?.label ?? '',
      points: level?.points ?? null,
      maxPoints: criterion ? Math.max(...criterion.levels.map((entry) => entry.points)) : null,
      comment: grade.comment,
    };
  });
}
