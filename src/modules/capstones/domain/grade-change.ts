export type GradeChangeAction = 'draft-saved' | 'finalised' | 'moderated' | 'changed-after-release';

export interface CurrentGradeState {
  status: 'draft' | 'final';
  gradedBy: string;
  moderatedBy: string | null;
  released: boolean;
}

export interface GradeChange {
  action: GradeChangeAction;
  status: 'draft' | 'final';
  gradedBy: string;
  moderatedBy: string | null;
}

export type GradeChangeRefusal =
  { field: 'levels'; message: string } | { field: 'reason'; message: string } | { field: 'intent'; message: string };

/**
 * What a save does to a grade, by who saves and what it was:
 * - a draft (or no grade yet) may be saved as a draft with levels missing, or finalised with every level;
 * - a final grade stays final: its grader may correct it; another trainer moderates it, giving a reason;
 * - a released grade stays released: any change gives a reason and is recorded as changed after release.
 */
export function decideGradeChange(
  current: CurrentGradeState | null,
  actorId: string,
  intent: 'draft' | 'finalise',
  missingLevels: readonly string[],
  reason: string,
): GradeChange | GradeChangeRefusal {
  const complete = missingLevels.length === 0;
  const gradedBy = current?.gradedBy ?? actorId;
  if (current === null || current.status === 'draft') {
    if (intent === 'draft') return { action: 'draft-saved', status: 'draft', gradedBy, moderatedBy: null };
    if (!complete)
      return { field: 'levels', message: `Choose a level for every criterion (${missingLevels.join(', ')}).` };
    return { action: 'finalised', status: 'final', gradedBy, moderatedBy: null };
  }
  if (intent === 'draft')
    return { field: 'intent', message: 'This grade is final: it cannot go back to a draft, only be changed.' };
  if (!complete)
    return { field: 'levels', message: `Choose a level for every criterion (${missingLevels.join(', ')}).` };
  const byOther = actorId !== current.gradedBy;
  const moderatedBy = byOther ? actorId : current.moderatedBy;
  if (current.released) {
    if (reason === '') return { field: 'reason', message: 'Give the reason for changing a released grade.' };
    return { action: 'changed-after-release', status: 'final', gradedBy, moderatedBy };
  }
  if (byOther) {
    if (reason === '') return { field: 'reason', message: 'Give the reason for moderating this grade.' };
    return { action: 'moderated', status: 'final', gradedBy, moderatedBy };
  }
  return { action: 'finalised', status: 'final', gradedBy, moderatedBy };
}

export function isRefusal(outcome: GradeChange | GradeChangeRefusal): outcome is GradeChangeRefusal {
  return 'field' in outcome;
}
