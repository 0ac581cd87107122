/** Who certified whom for one course: `certifiedBy` null for a master trainer appointed at the root. */
export interface CertificationEdge {
  trainerId: string;
  certifiedBy: string | null;
}

/**
 * Generation of every trainer in a lineage: appointed master trainers (no certifier, or a certifier who is not
 * certified in the lineage) are generation 0; a trainer certified by someone of generation g is g + 1. A person
 * certified more than once (recertification, another certifier) takes the smallest generation. Cycles, which
 * the stages make impossible, cannot loop: each person is placed once, breadth first.
 */
export function assignGenerations(edges: readonly CertificationEdge[]): Map<string, number> {
  const certified = new Set(edges.map((edge) => edge.trainerId));
  const children = new Map<string, string[]>();
  const generation = new Map<string, number>();
  let frontier: string[] = [];
  const addRoot = (id: string) => {
    if (!generation.has(id)) {
      generation.set(id, 0);
      frontier.push(id);
    }
  };
  for (const edge of edges) {
    if (edge.certifiedBy === null) addRoot(edge.trainerId);
    else {
      if (!certified.has(edge.certifiedBy)) addRoot(edge.certifiedBy);
      children.set(edge.certifiedBy, [...(children.get(edge.certifiedBy) ?? []), edge.trainerId]);
    }
  }
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const parent of frontier)
      for (const child of children.get(parent) ?? [])
        if (!generation.has(child)) {
          generation.set(child, depth);
          next.push(child);
        }
    frontier = next;
  }
  return generation;
}

/** One participant of a cohort a trainer led, as the report reads them. */
export interface ParticipantOutcome {
  trainerId: string;
  cohortId: string;
  userId: string;
  completed: boolean;
  /** Latest released capstone percent; null when none is released. */
  capstonePercent: number | null;
  passed: boolean;
}

export interface OutcomeFigures {
  cohorts: number;
  participants: number;
  completed: number;
  passed: number;
  /** completed ÷ participants; null with no participants. */
  completionRate: number | null;
  passRate: number | null;
  /** Mean of the released capstone percents; null when none. */
  capstoneAverage: number | null;
  graded: number;
}

export interface TrainerFigures extends OutcomeFigures {
  trainerId: string;
  generation: number | null;
}

export interface GenerationFigures extends OutcomeFigures {
  generation: number;
  trainers: number;
  /**
   * The dilution signal: this generation minus the previous one (rates in percentage points, capstone average in
   * percent points); null for generation 0 or when either side has no figure.
   */
  change: { completionRate: number | null; passRate: number | null; capstoneAverage: number | null };
}

/** Counts and rates over a set of participant outcomes; a participant counted in two cohorts counts twice. */
export function outcomeFigures(outcomes: readonly ParticipantOutcome[]): OutcomeFigures {
  const participants = outcomes.length;
  const completed = outcomes.filter((row) => row.completed).length;
  const passed = outcomes.filter((row) => row.passed).length;
  const percents = outcomes.map((row) => row.capstonePercent).filter((value): value is number => value !== null);
  return {
    cohorts: new Set(outcomes.map((row) => row.cohortId)).size,
    participants,
    completed,
    passed,
    completionRate: participants > 0 ? completed / participants : null,
    passRate: participants > 0 ? passed / participants : null,
    capstoneAverage:
      percents.length > 0 ? round2(percents.reduce((sum, value) => sum + value, 0) / percents.length) : null,
    graded: percents.length,
  };
}

/** Per trainer, ordered by generation then id; trainers without cohorts appear with zero participants. */
export function trainerFigures(
  generations: ReadonlyMap<string, number>,
  outcomes: readonly ParticipantOutcome[],
): TrainerFigures[] {
  const trainerIds = new Set([...generations.keys(), ...outcomes.map((row) => row.trainerId)]);
  return [...trainerIds]
    .map((trainerId) => ({
      trainerId,
      generation: generations.get(trainerId) ?? null,
      ...outcomeFigures(outcomes.filter((row) => row.trainerId === trainerId)),
    }))
    .sort((a, b) => (a.generation ?? 1e9) - (b.generation ?? 1e9) || a.trainerId.localeCompare(b.trainerId));
}

/** Per generation, pooled over its trainers' cohorts, with the change from the previous generation. */
export function generationFigures(
  generations: ReadonlyMap<string, number>,
  outcomes: readonly ParticipantOutcome[],
): GenerationFigures[] {
  const levels = [...new Set(generations.values())].sort((a, b) => a - b);
  const result: GenerationFigures[] = [];
  for (const generation of levels) {
    const trainers = [...generations].filter(([, value]) => value === generation).map(([id]) => id);
    const figures = outcomeFigures(outcomes.filter((row) => trainers.includes(row.trainerId)));
    const previous = result.find((entry) => entry.generation === generation - 1);
    result.push({
      generation,
      trainers: trainers.length,
      ...figures,
      change: {
        completionRate: difference(figures.completionRate, previous?.completionRate, 100),
        passRate: difference(figures.passRate, previous?.passRate, 100),
        capstoneAverage: difference(figures.capstoneAverage, previous?.capstoneAverage, 1),
      },
    });
  }
  return result;
}

function difference(current: number | null, previous: number | null | undefined, scale: number): number | null {
  if (current === null || previous === null || previous === undefined) return null;
  return round2((current - previous) * scale);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
