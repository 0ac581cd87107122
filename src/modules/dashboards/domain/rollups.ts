/** Groups of rows summed field by field: cohorts by month, course or trainer; institutes by country; totals. */

export interface GroupKey {
  key: string;
  label: string;
}

export interface Group<F extends string> extends GroupKey {
  /** Rows in the group. */
  rows: number;
  sums: Record<F, number>;
}

/**
 * Sums `fields` of the rows per group, groups in order of key. A row may belong to several groups (a cohort with
 * two trainers counts for each), or to none (no key: left out of every group).
 */
export function groupSums<T extends Record<F, number>, F extends string>(
  rows: readonly T[],
  keysOf: (row: T) => readonly GroupKey[],
  fields: readonly F[],
): Group<F>[] {
  const groups = new Map<string, Group<F>>();
  for (const row of rows) {
    for (const { key, label } of keysOf(row)) {
      let group = groups.get(key);
      if (!group) {
        group = {
          key,
          label,
          rows: 0,
          sums: Object.fromEntries(fields.map((field) => [field, 0])) as Record<F, number>,
        };
        groups.set(key, group);
      }
      group.rows += 1;
      for (const field of fields) group.sums[field] += row[field];
    }
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The month (YYYY-MM) of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return date.slice(0, 7);
}

/** Every month from the first to the last given (YYYY-MM), so a month without cohorts shows as 0, not as a gap. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number);
  const [lastYear, lastMonth] = last.split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
