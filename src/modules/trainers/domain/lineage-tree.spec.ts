import { describe, expect, it } from '@jest/globals';
import { lineageSvg, placeTree, type TreeNode } from './lineage-tree.js';

const nodes: TreeNode[] = [
  { id: 'm', parentId: null, kind: 'trainer', label: 'Master', detail: 'generation 0' },
  { id: 'n', parentId: 'm', kind: 'trainer', label: 'National', detail: 'generation 1' },
  { id: 'c1', parentId: 'm', kind: 'cohort', label: 'Cohort <A>', detail: '3 participants' },
  { id: 'c2', parentId: 'n', kind: 'cohort', label: 'Cohort B', detail: '5 participants' },
  { id: 'x', parentId: 'gone', kind: 'trainer', label: 'Elsewhere', detail: 'generation 2' },
];

describe('placeTree', () => {
  it('should place nodes depth first, one row each, roots for unknown parents', () => {
    expect(placeTree(nodes).map((node) => [node.id, node.depth, node.row])).toEqual([
      ['m', 0, 0],
      ['n', 1, 1],
      ['c2', 2, 2],
      ['c1', 1, 3],
      ['x', 0, 4],
    ]);
  });
});

describe('lineageSvg', () => {
  it('should draw one box per node and one connector per child, escaping labels', () => {
    const svg = lineageSvg(nodes, 'Lineage & cohorts');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(5);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('Cohort &lt;A&gt;');
    expect(svg).toContain('<title>Lineage &amp; cohorts</title>');
    expect(svg).not.toContain('<script');
  });
});
