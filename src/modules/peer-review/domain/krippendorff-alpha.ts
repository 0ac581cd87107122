/** How far apart two values are taken to be: categories, ranks, or numbers on an interval scale. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha by the coincidence-matrix method of Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability", §C–E. `units` are the rated things (for peer review: submissions), each with the values the
 * coders (reviewers) gave it; null marks a coder who did not rate that unit. A unit with fewer than 2 values cannot
 * be paired and is dropped, as the paper does.
 *
 * - Coincidences: o_ck = Σ_u (number of ordered pairs (c, k) of values from different coders in u) / (m_u − 1),
 *   where m_u is the number of values in u; n_c = Σ_k o_ck; n = Σ_c n_c (the number of pairable values).
 * - Metrics δ²(c, k): nominal 0 when c = k else 1; interval (c − k)²; ordinal
 *   (Σ_{g=c}^{k} n_g − (n_c + n_k) / 2)², g over the values present, in order, from c to k.
 * - α = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²(c, k) / Σ_c Σ_k n_c n_k δ²(c, k).
 *
 * Null when no unit is pairable, and when the expected disagreement is 0 (every pairable value is the same): α is
 * 0/0 there, and data without variation say nothing about the coders' reliability, so we do not call it 1.
 */
export function krippendorffAlpha(units: readonly (readonly (number | null)[])[], level: AlphaLevel): number | null {
  const pairable: number[][] = [];
  for (const unit of units) {
    const values = unit.filter((value): value is number => value !== null && value !== undefined);
    for (const value of values) {
      if (!Number.isFinite(value)) throw new RangeError(`Krippendorff's alpha needs finite values, got ${value}.`);
    }
    if (values.length >= 2) pairable.push(values);
  }
  if (pairable.length === 0) return null;

  const distinct = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const indexOf = new Map(distinct.map((value, index) => [value, index]));
  const size = distinct.length;
  const coincidences: number[][] = distinct.map(() => new Array<number>(size).fill(0));
  for (const values of pairable) {
    const share = 1 / (values.length - 1);
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        if (i !== j) coincidences[indexOf.get(values[i])!][indexOf.get(values[j])!] += share;
      }
    }
  }
  const marginals = coincidences.map((row) => row.reduce((sum, value) => sum + value, 0));
  const total = marginals.reduce((sum, value) => sum + value, 0);

  const delta = distanceFunction(level, distinct, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const squared = delta(c, k);
      observed += coincidences[c][k] * squared;
      expected += marginals[c] * marginals[k] * squared;
    }
  }
  if (expected <= 0) return null;
  return 1 - ((total - 1) * observed) / expected;
}

/** δ²(c, k) over indexes into the sorted distinct values. */
function distanceFunction(
  level: AlphaLevel,
  distinct: readonly number[],
  marginals: readonly number[],
): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => (distinct[c] - distinct[k]) ** 2;
    case 'ordinal': {
      // prefix[i] = n_0 + … + n_{i−1}, so Σ_{g=c}^{k} n_g = prefix[k + 1] − prefix[c] for c ≤ k.
      const prefix = [0];
      for (const marginal of marginals) prefix.push(prefix[prefix.length - 1] + marginal);
      return (c, k) => {
        const low = Math.min(c, k);
        const high = Math.max(c, k);
        if (low === high) return 0;
        return (prefix[high + 1] - prefix[low] - (marginals[low] + marginals[high]) / 2) ** 2;
      };
    }
  }
}
