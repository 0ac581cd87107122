import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
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
      return { file, line: lineAt(offsetOf(document, path)), message: `${location}${describeIssue(issue)}` };
    }),
  };
}

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

function firstSentence(message: string): string {
  return message.split('\n')[0] ?? message;
}
