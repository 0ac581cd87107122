import type { ContentProblem, ModuleContent, SectionContent, SectionKind } from './content.types.js';
import { SECTION_KINDS } from './content.types.js';
import { moduleFrontMatterSchema, STABLE_ID_PATTERN } from './content.schema.js';
import { parseYamlWithSchema, type ParseResult } from './parse-yaml.js';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const SECTION_HEADING = /^##\s+(.*)$/;
const HEADING_ATTRIBUTES = /^(.*?)\s*\{#([^\s}]+)(?:\s+\.([^\s}]+))?\s*\}\s*$/;

export interface ParsedModule extends ModuleContent {
  /** Line of each section heading, for errors found when the course is assembled. */
  lines: { id: number; sections: Map<string, number> };
}

/** Parses a module file: YAML front matter between `---` lines, then one `## Title {#id}` section per topic. */
export function parseModuleMarkdown(source: string, file: string): ParseResult<ParsedModule> {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return fail(file, 1, 'a module file must start with front matter: a line "---", YAML, then "---"');
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing < 0) return fail(file, 1, 'front matter is not closed: add a line "---" after it');

  const frontMatter = parseYamlWithSchema(lines.slice(1, closing).join('\n'), file, moduleFrontMatterSchema, 2);
  if (!frontMatter.ok) return frontMatter;

  const problems: ContentProblem[] = [];
  const introduction: string[] = [];
  const sections: SectionContent[] = [];
  const sectionLines = new Map<string, number>();
  let current: { section: SectionContent; body: string[] } | undefined;
  let fence: string | undefined;

  const closeSection = () => {
    if (!current) return;
    current.section.markdown = trimBlankLines(current.body).join('\n');
    if (!current.section.markdown) {
      problems.push({
        file,
        line: sectionLines.get(current.section.id) ?? 1,
        message: `section ${current.section.id} has no text`,
      });
    }
    sections.push(current.section);
  };

  for (let index = closing + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    }
    const heading = fence ? null : SECTION_HEADING.exec(line);
    if (!fence && /^#\s/.test(line)) {
      problems.push({
        file,
        line: lineNumber,
        message: 'use "## " for sections: the module title comes from the front matter',
      });
      continue;
    }
    if (!heading) {
      (current ? current.body : introduction).push(line);
      continue;
    }
    closeSection();
    current = undefined;
    const parsed = parseSectionHeading(heading[1] ?? '');
    if (typeof parsed === 'string') {
      problems.push({ file, line: lineNumber, message: parsed });
      continue;
    }
    if (sectionLines.has(parsed.id)) {
      problems.push({
        file,
        line: lineNumber,
        message: `duplicate section id ${parsed.id} (first on line ${sectionLines.get(parsed.id)})`,
      });
      continue;
    }
    sectionLines.set(parsed.id, lineNumber);
    current = { section: { ...parsed, markdown: '' }, body: [] };
  }
  closeSection();
  if (fence) problems.push({ file, line: lines.length, message: `code block opened with ${fence} is never closed` });
  if (sections.length === 0 && problems.length === 0) {
    problems.push({ file, line: closing + 2, message: 'a module needs at least one section ("## Title {#id}")' });
  }
  if (problems.length > 0) return { ok: false, problems };

  const { id, number, title, estimatedMinutes, objectives } = frontMatter.value;
  return {
    ok: true,
    value: {
      id,
      number,
      title,
      estimatedMinutes,
      objectives,
      introduction: trimBlankLines(introduction).join('\n'),
      sections,
      lines: { id: 2, sections: sectionLines },
    },
  };
}

function parseSectionHeading(text: string): { id: string; title: string; kind: SectionKind } | string {
  const match = HEADING_ATTRIBUTES.exec(text);
  if (!match) return `section heading "${text.trim()}" needs a stable id at its end, e.g. {#net-m01-intro}`;
  const [, title = '', id = '', kindClass] = match;
  if (!title.trim()) return 'section heading has an id but no title';
  if (!STABLE_ID_PATTERN.test(id) || id.length > 80) {
    return `section id "${id}" must be lowercase letters, digits and single hyphens (at most 80 characters)`;
  }
  const markedKinds = SECTION_KINDS.filter((kind) => kind !== 'lesson');
  if (kindClass !== undefined && !(markedKinds as readonly string[]).includes(kindClass)) {
    return `unknown section kind ".${kindClass}": use one of ${markedKinds.map((kind) => `.${kind}`).join(', ')}`;
  }
  return { id, title: title.trim(), kind: (kindClass ?? 'lesson') as SectionKind };
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]?.trim()) start++;
  while (end > start && !lines[end - 1]?.trim()) end--;
  return lines.slice(start, end);
}

function fail(file: string, line: number, message: string): ParseResult<never> {
  return { ok: false, problems: [{ file, line, message }] };
}
