import { describe, expect, it } from '@jest/globals';
import { changedUnits, parseCopyYaml, type DesiredUnit } from './copy-files.js';
import type { CopyUnitState } from './localize-course.js';

const desired = (text: string, sourceHash = 'b'.repeat(64)): DesiredUnit => ({
  unitId: 'net-m01/title',
  kind: 'translated',
  text,
  sourceHash,
  afterUnit: null,
});
const current = (text: string, sourceHash = 'a'.repeat(64)): Map<string, CopyUnitState> =>
  new Map([['net-m01/title', { id: '7', kind: 'translated', text, sourceHash, afterUnit: null }]]);

describe('changedUnits', () => {
  it('should write a unit whose text changed, and none whose text is as stored', () => {
    expect(changedUnits([desired('Nouveau')], current('Ancien'))).toHaveLength(1);
    expect(changedUnits([desired('Ancien', 'a'.repeat(64))], current('Ancien'))).toEqual([]);
  });

  it('should leave an unchanged translation stale when only the master text changed', () => {
    expect(changedUnits([desired('Ancien', 'b'.repeat(64))], current('Ancien', 'a'.repeat(64)))).toEqual([]);
  });

  it('should write a unit that has no row yet, or whose kind changed', () => {
    expect(changedUnits([desired('Texte')], new Map())).toHaveLength(1);
    expect(changedUnits([{ ...desired('Ancien'), kind: 'adapted' }], current('Ancien'))).toHaveLength(1);
  });
});

describe('parseCopyYaml', () => {
  it('should name the line of a bad field', () => {
    const parsed = parseCopyYaml('course: epm-networks\nlanguage: French\ntitle: Réseaux\n', 'copy.yaml');
    expect(parsed).toEqual({
      ok: false,
      problems: [{ file: 'copy.yaml', line: 2, message: expect.stringContaining('BCP 47') as unknown as string }],
    });
  });

  it('should refuse an unknown field', () => {
    const parsed = parseCopyYaml('course: epm-networks\nlanguage: fr\ntitle: Réseaux\nslug: x\n', 'copy.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ line: 4 });
  });
});
