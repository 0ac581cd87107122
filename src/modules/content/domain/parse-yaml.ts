import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ContentProblem } from './content.types.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

/**
 * Parses YAML and validates it against a schema, reporting each problem at the line of the offending
 * value. `firstLine` is the line the YAML text starts on in its file (front matter starts on line 2).
 */
export function parseYamlWithSchema<T>(
  source: string,
  file: string,
  schema: z.ZodType<T>,
  firstLine = 1,
): ParseResult<T> {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;

  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: lineAt(error.pos[0]),
        message: `invalid YAML: ${firstSentence(error.message)}`,
      })),
    };
  }

  const result = schema.safeParse(document.toJS());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const location = path.length > 0 ? `${formatPath(path)}: ` : '';
      // An unknown field is reported on its own line, not on the first line of the object holding it.
      const offset =
        issue.code === 'unrecognized_keys' ? keyOffset(document, path, issue.keys[0]) : offsetOf(document, path);
      return { file, line: lineAt(offset), message: `${location}${describeIssue(issue)}` };
    }),
  };
}

/**
 * For checks made after the schema (duplicates, ordering): the line of the value at `path` in valid YAML,
 * or of its nearest existing parent, counted as `parseYamlWithSchema` counts them.
 */
export function yamlLineFinder(source: string, firstLine = 1): (path: (string | number)[]) => number {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return (path) => lineCounter.linePos(offsetOf(document, path)).line + firstLine - 1;
}

export { formatPath as formatYamlPath };

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return issue.message.includes('received undefined') ? 'is required' : issue.message;
  }
  return issue.message;
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}

/** The offset of the deepest node on `path` that exists: a missing field is reported at its parent. */
function offsetOf(document: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyOffset(document: Document, path: (string | number)[], key: string | undefined): number {
  const parent: unknown = path.length === 0 ? document.contents : document.getIn(path, true);
  if (key !== undefined && isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return offsetOf(document, path);
}

function firstSentence(message: string): string {
  return message.split('\n')[0] ?? message;
}
