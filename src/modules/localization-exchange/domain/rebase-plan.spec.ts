import { describe, expect, it } from '@jest/globals';
import type { CourseContent } from '../../content/domain/content.types.js';
import { sourceHash } from '../../localization/domain/translation-units.js';
import { planRebase, type CopyUnitState } from './rebase-plan.js';

type Sections = Record<string, [title: string, markdown: string]>;

/** A hand-built course: modules by id, each with its sections in order. */
function course(modules: Record<string, Sections>): CourseContent {
  return {
    id: 'demo',
    slug: 'demo',
    language: 'en',
    title: 'Networks',
    summary: 'A course',
    introduction: '',
    hours: 10,
    outcomes: [],
    audience: [],
    methodologies: [],
    benefits: { participants: [], organization: [] },
    weeks: [],
    actionPlan: [],
    completion: { modules: 'all', quizzes: 'all', capstone: false, peerReviews: 0 },
    gradebook: { quizzes: 1, capstone: 0, peerReview: 0 } as CourseContent['gradebook'],
    modules: Object.entries(modules).map(([id, sections], index) => ({
      id,
      number: index + 1,
      title: `Module ${index + 1}`,
      estimatedMinutes: 60,
      objectives: [],
      introduction: '',
      sections: Object.entries(sections).map(([sectionId, [title, markdown]]) => ({
        id: sectionId,
        title,
        kind: 'lesson' as const,
        markdown,
      })),
    })),
  };
}

const translated = (unitId: string, source: string, text: string): CopyUnitState => ({
  unitId,
  kind: 'translated',
  text,
  sourceHash: sourceHash(source),
  afterUnit: null,
});

const OLD = course({
  m1: { s1: ['Networks', 'Schools share **resources**.'], s2: ['Clusters', 'A cluster is a group.'] },
  m2: { s3: ['Roles', 'The coordinator leads.'] },
});

describe('planRebase', () => {
  it('should carry over a unit whose source did not change and flag a changed one as stale, losing none', () => {
    const units = [
      translated('m1/sections/s1/title', 'Networks', 'Réseaux'),
      translated('m1/sections/s1/markdown', 'Schools share **resources**.', 'Les écoles partagent des **ressources**.'),
    ];
    const next = course({
      m1: { s1: ['Networks', 'Schools share **staff**.'], s2: ['Clusters', 'A cluster is a group.'] },
      m2: { s3: ['Roles', 'The coordinator leads.'] },
    });

    const { report, newRows } = planRebase(OLD, next, units);

    expect(report.masterChanged).toEqual(['m1/sections/s1/markdown']);
    expect(report.carried).toEqual(['m1/sections/s1/title']);
    expect(report.stale).toEqual([{ unitId: 'm1/sections/s1/markdown', kind: 'translated' }]);
    expect(report.removed).toEqual([]);
    expect(newRows).toEqual([]);
  });

  it('should flag an adaptation of a changed unit, and keep an adaptation of an unchanged one', () => {
    const units: CopyUnitState[] = [
      { ...translated('m1/sections/s2/markdown', 'A cluster is a group.', 'Au Sénégal, la CAP…'), kind: 'adapted' },
      { ...translated('m2/sections/s3/markdown', 'The coordinator leads.', 'Le coordinateur…'), kind: 'adapted' },
    ];
    const next = course({
      m1: { s1: ['Networks', 'Schools share **resources**.'], s2: ['Clusters', 'A cluster is a small group.'] },
      m2: { s3: ['Roles', 'The coordinator leads.'] },
    });

    const { report } = planRebase(OLD, next, units);

    expect(report.stale).toEqual([{ unitId: 'm1/sections/s2/markdown', kind: 'adapted' }]);
    expect(report.carried).toEqual(['m2/sections/s3/markdown']);
  });

  it('should report a removed master unit and its translation, and list units new upstream', () => {
    const units = [translated('m2/sections/s3/markdown', 'The coordinator leads.', 'Le coordinateur dirige.')];
    const next = course({
      m1: { s1: ['Networks', 'Schools share **resources**.'], s2: ['Clusters', 'A cluster is a group.'] },
      m2: { s4: ['Finance', 'Budgets are shared.'] },
    });

    const { report } = planRebase(OLD, next, units);

    expect(report.masterRemoved).toEqual(['m2/sections/s3/title', 'm2/sections/s3/markdown']);
    expect(report.masterAdded).toEqual(['m2/sections/s4/title', 'm2/sections/s4/markdown']);
    expect(report.removed).toEqual([{ unitId: 'm2/sections/s3/markdown', kind: 'translated' }]);
    expect(report.carried).toEqual([]);
  });

  it('should keep local additions and re-anchor one whose anchor section was removed at the end of its module', () => {
    const units: CopyUnitState[] = [
      {
        unitId: 'local/dakar/title',
        kind: 'added',
        text: 'Le cas de Dakar',
        sourceHash: null,
        afterUnit: 's1',
      },
      {
        unitId: 'local/thies/title',
        kind: 'added',
        text: 'Thiès',
        sourceHash: null,
        afterUnit: 's2',
      },
      {
        unitId: 'local/after-local/title',
        kind: 'added',
        text: 'Suite',
        sourceHash: null,
        afterUnit: 'dakar',
      },
    ];
    const next = course({
      m1: { s2: ['Clusters', 'A cluster is a group.'], s5: ['Practice', 'Try it.'] },
      m2: { s3: ['Roles', 'The coordinator leads.'] },
    });

    const { report, newRows } = planRebase(OLD, next, units);

    expect(report.localKept).toEqual(['local/dakar/title', 'local/thies/title', 'local/after-local/title']);
    expect(report.reanchored).toEqual([{ unitId: 'local/dakar/title', from: 's1', to: 's5' }]);
    expect(newRows).toEqual([{ ...units[0], afterUnit: 's5' }]);
  });

  it('should report a local section whose whole module was removed, anchored nowhere but kept', () => {
    const units: CopyUnitState[] = [
      {
        unitId: 'local/x/markdown',
        kind: 'added',
        text: 'Texte local',
        sourceHash: null,
        afterUnit: 's3',
      },
    ];
    const next = course({ m1: { s1: ['Networks', 'Schools share **resources**.'] } });

    const { report, newRows } = planRebase(OLD, next, units);

    expect(report.reanchored).toEqual([{ unitId: 'local/x/markdown', from: 's3', to: null }]);
    expect(newRows).toEqual([{ ...units[0], afterUnit: null }]);
  });

  it('should keep a hidden unit hidden and say when its master changed', () => {
    const units: CopyUnitState[] = [
      {
        unitId: 'm1/sections/s2/markdown',
        kind: 'hidden',
        text: null,
        sourceHash: sourceHash('A cluster is a group.'),
        afterUnit: null,
      },
    ];
    const next = course({
      m1: { s1: ['Networks', 'Schools share **resources**.'], s2: ['Clusters', 'Clusters differ.'] },
      m2: { s3: ['Roles', 'The coordinator leads.'] },
    });

    expect(planRebase(OLD, next, units).report.hiddenChanged).toEqual(['m1/sections/s2/markdown']);
  });

  it('should treat a translation made from an older source as stale even when the master did not change between the two versions', () => {
    const units = [translated('m1/sections/s2/title', 'Cluster', 'Grappe')];

    const { report } = planRebase(OLD, OLD, units);

    expect(report.masterChanged).toEqual([]);
    expect(report.stale).toEqual([{ unitId: 'm1/sections/s2/title', kind: 'translated' }]);
  });
});
