import { createHash } from 'node:crypto';
import type { CourseContent } from './content.types.js';

/**
 * The version identity of a course: a hash of its parsed content, so re-formatting a file or renaming it
 * does not make a new version, while any change of text, order or settings does.
 */
export function hashCourse(course: CourseContent): string {
  return createHash('sha256').update(canonicalJson(course)).digest('hex');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal content always hashes equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
