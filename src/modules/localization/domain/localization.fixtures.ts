import { readCourseFolders } from '../../content/content-files.reader.js';
import type { CourseContent } from '../../content/domain/content.types.js';
import { parseCourse } from '../../content/domain/parse-course.js';
import { sourceHash, type TranslationUnit } from './translation-units.js';
import { xliffUnitId } from './xliff.js';

/** The seed course the French demo copy will translate. */
export async function networksCourse(): Promise<CourseContent> {
  const { courses, problems } = await readCourseFolders('content', ['education-networks-clusters']);
  if (problems.length > 0 || courses.length !== 1)
    throw new Error(`seed course unreadable: ${JSON.stringify(problems)}`);
  const parsed = parseCourse(courses[0]);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('\n'));
  return parsed.value;
}

export function unit(id: string, source: string, target: string | null = null): TranslationUnit {
  return { id, source, sourceHash: sourceHash(source), target };
}

/**
 * What a CAT tool does: writes `<target>` (inner XML as given) after the unit's `<source>`, replacing any target.
 * Fails loudly when the unit is not in the file, so a test cannot pass by editing nothing.
 */
export function withTarget(xml: string, unitId: string, targetInnerXml: string): string {
  const start = xml.indexOf(`<unit id="${xliffUnitId(unitId)}"`);
  if (start < 0) throw new Error(`unit ${unitId} is not in the file`);
  const end = xml.indexOf('</unit>', start);
  const unitXml = xml
    .slice(start, end)
    .replace(/\s*<target>[\s\S]*?<\/target>/u, '')
    .replace('</source>', `</source>\n        <target>${targetInnerXml}</target>`);
  return xml.slice(0, start) + unitXml + xml.slice(end);
}

/** Replaces the first occurrence of a string, failing when it is absent (a mutation a test relies on). */
export function replaceOnce(text: string, search: string, replacement: string): string {
  if (!text.includes(search)) throw new Error(`"${search}" not found`);
  return text.replace(search, () => replacement);
}
