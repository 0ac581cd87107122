/** One node of the drawn lineage: a trainer or a cohort, with its parent (certifier, or the cohort's trainer). */
export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: 'trainer' | 'cohort';
  label: string;
  detail: string;
}

export interface PlacedNode extends TreeNode {
  depth: number;
  row: number;
}

/**
 * Places nodes as an indented tree, depth first, children in input order: each node gets its own row and a depth
 * one more than its parent's. Nodes whose parent is not in the list are roots. Cycles are cut (a node is placed once).
 */
export function placeTree(nodes: readonly TreeNode[]): PlacedNode[] {
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string | null, TreeNode[]>();
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const placed: PlacedNode[] = [];
  const seen = new Set<string>();
  const visit = (node: TreeNode, depth: number) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    placed.push({ ...node, depth, row: placed.length });
    for (const child of children.get(node.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return placed;
}

const ROW = 34;
const INDENT = 28;
const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The lineage as a server-rendered SVG (no script): elbow connectors, trainers as boxes, cohorts as rounded boxes. */
export function lineageSvg(nodes: readonly TreeNode[], title: string): string {
  const placed = placeTree(nodes);
  const byId = new Map(placed.map((node) => [node.id, node]));
  const width = Math.max(
    480,
    ...placed.map((node) => 40 + node.depth * INDENT + 9 * Math.max(node.label.length, node.detail.length * 0.8)),
  );
  const height = Math.max(ROW, placed.length * ROW + 10);
  const parts: string[] = [];
  for (const node of placed) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (!parent) continue;
    const x0 = 14 + parent.depth * INDENT;
    const y0 = 10 + parent.row * ROW + 26;
    const x1 = 10 + node.depth * INDENT;
    const y1 = 10 + node.row * ROW + 13;
    parts.push(`<path d="M${x0} ${y0} V${y1} H${x1}" fill="none" stroke="#888" stroke-width="1"/>`);
  }
  for (const node of placed) {
    const x = 10 + node.depth * INDENT;
    const y = 10 + node.row * ROW;
    const fill = node.kind === 'trainer' ? '#e8f0fb' : '#f4f4f4';
    const radius = node.kind === 'trainer' ? 2 : 10;
    parts.push(
      `<g class="${node.kind}"><rect x="${x}" y="${y}" width="${Math.round(width - x - 10)}" height="26" rx="${radius}" fill="${fill}" stroke="#5a6b80"/>` +
        `<text x="${x + 8}" y="${y + 17}" font-size="12" font-family="sans-serif"><tspan font-weight="bold">${escapeXml(node.label)}</tspan>` +
        `<tspan dx="8" fill="#333">${escapeXml(node.detail)}</tspan></text></g>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${Math.round(width)}" height="${height}" viewBox="0 0 ${Math.round(width)} ${height}">` +
    `<title>${escapeXml(title)}</title>${parts.join('')}</svg>`
  );
}
