import { planDocumentSections } from './domain/action-plan-document.js';
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

/** The submitted plan, read-only, as the PDF shows it (definition order, totals in cents), `empty` for the view. */
export function planSections(definition: CapstoneDefinition, content: PlanContent) {
  return planDocumentSections(definition, content).map((section) => ({ ...section, empty: section.isEmpty }));
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
