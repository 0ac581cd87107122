/** The latest extension granted to one person (append-only rows: the last granted counts). */
export interface ExtensionGrant {
  dueAt: Date;
  grantedAt: Date;
  reason: string;
}

export type LatePolicy = 'flag' | 'refuse';

export interface Deadline {
  /** The due date in force: the person's latest extension, else the cohort schedule's capstoneDueAt. */
  dueAt: Date;
  /** Set when an extension decides the due date. */
  extension: ExtensionGrant | null;
}

/** The latest grant wins, even when it moves the date earlier: a trainer may correct a mistaken extension. */
export function latestExtension(grants: ExtensionGrant[]): ExtensionGrant | null {
  let latest: ExtensionGrant | null = null;
  for (const grant of grants) if (!latest || grant.grantedAt > latest.grantedAt) latest = grant;
  return latest;
}

export function deadlineOf(capstoneDueAt: string | Date, grants: ExtensionGrant[]): Deadline {
  const extension = latestExtension(grants);
  return { dueAt: extension ? extension.dueAt : new Date(capstoneDueAt), extension };
}

/** Late means strictly after the due instant: a submission at the due minute itself is on time. */
export function isLate(deadline: Deadline, submittedAt: Date): boolean {
  return submittedAt.getTime() > deadline.dueAt.getTime();
}

export type SubmissionTiming = { allowed: true; late: boolean } | { allowed: false; late: true };

/** Under 'flag' a late plan is kept and flagged; under 'refuse' it is not accepted. */
export function submissionTiming(deadline: Deadline, policy: LatePolicy, submittedAt: Date): SubmissionTiming {
  const late = isLate(deadline, submittedAt);
  if (late && policy === 'refuse') return { allowed: false, late: true };
  return { allowed: true, late };
}
