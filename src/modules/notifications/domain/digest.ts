/** What a trainer's daily digest of one cohort says; built from counts and names the repository read. */
export interface DigestFacts {
  plansToGrade: number;
  flaggedReviews: number;
  behind: { fullName: string; modulesBehind: number }[];
}

export interface DigestContent extends DigestFacts {
  /** The participants behind schedule shown by name (the rest are counted). */
  behindShown: { fullName: string; modulesBehind: number }[];
  behindMore: number;
}

export const DIGEST_NAMES_SHOWN = 10;

/** The digest to send, or null when there is nothing to say (no mail, no row). */
export function digestContent(facts: DigestFacts, shown = DIGEST_NAMES_SHOWN): DigestContent | null {
  if (facts.plansToGrade === 0 && facts.flaggedReviews === 0 && facts.behind.length === 0) return null;
  const behind = [...facts.behind].sort(
    (a, b) => b.modulesBehind - a.modulesBehind || a.fullName.localeCompare(b.fullName),
  );
  return {
    ...facts,
    behind,
    behindShown: behind.slice(0, shown),
    behindMore: Math.max(0, behind.length - shown),
  };
}
