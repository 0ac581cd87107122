import { checkCodeIds, codesOf, displayOf, splitInline, type InlineCode } from './inline-codes.js';
import { UNIT_ID_SEPARATOR, type TranslationUnit } from './translation-units.js';
import { hasForbiddenXmlCharacter, parseXml, xmlAttribute, xmlText, type XmlElement, type XmlNode } from './xml.js';

export const XLIFF_NAMESPACE = 'urn:oasis:names:tc:xliff:document:2.0';
export const SOURCE_HASH_CATEGORY = 'source-hash';

export interface XliffOptions {
  /** BCP 47 tags. */
  srcLang: string;
  trgLang: string;
  /** The `<file id>`: an XML NMTOKEN, e.g. the course id. */
  fileId: string;
  /** The `<file original>`: what the file was made from, e.g. `epm-networks@<version hash>`. */
  original: string;
  /**
   * Splits the units into several `<file>` elements (e.g. one per module): the id suffix of the unit's file, appended
   * to `fileId` with `.`. Files come in the order of their first unit; without it, one file holds every unit.
   */
  fileOf?: (unit: TranslationUnit) => string;
}

export interface ImportProblem {
  unitId?: string;
  line?: number;
  message: string;
}

export type ImportResult = { ok: true; targets: Map<string, string> } | { ok: false; problems: ImportProblem[] };

export interface ImportExpectation {
  units: readonly TranslationUnit[];
  srcLang: string;
  trgLang: string;
}

// A practical BCP 47 check: language, then subtags of 1-8 letters or digits.
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/u;

/**
 * Our ids use `/`, which an XLIFF id (an NMTOKEN) cannot hold; stable ids never contain `.`, so `.` stands in and
 * the mapping is one to one. The readable id also goes in `name`.
 */
export function xliffUnitId(unitId: string): string {
  return unitId.replaceAll(UNIT_ID_SEPARATOR, '.');
}

/**
 * An XLIFF 2.1 document (core only) with one `<unit>` per translation unit and one segment each. Codes become
 * `<ph>` with their Markdown in `<originalData>`; the source hash goes in a note of category `source-hash`. A target
 * is written when the unit has one. Throws on a language tag, id or text that cannot be written faithfully.
 */
export function toXliff21(units: readonly TranslationUnit[], options: XliffOptions): string {
  for (const [name, tag] of [
    ['srcLang', options.srcLang],
    ['trgLang', options.trgLang],
  ] as const) {
    if (!LANGUAGE_TAG.test(tag)) throw new Error(`${name} "${tag}" is not a BCP 47 language tag`);
  }
  if (!/^[\w.:-]+$/u.test(options.fileId)) throw new Error(`file id "${options.fileId}" is not an XML NMTOKEN`);
  const seen = new Set<string>();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NAMESPACE}" version="2.1" srcLang="${xmlAttribute(options.srcLang, 'srcLang')}" trgLang="${xmlAttribute(options.trgLang, 'trgLang')}">`,
  ];
  const files = new Map<string, TranslationUnit[]>();
  for (const unit of units) {
    const suffix = options.fileOf?.(unit);
    const fileId = suffix ? `${options.fileId}.${suffix}` : options.fileId;
    if (!/^[\w.:-]+$/u.test(fileId)) throw new Error(`file id "${fileId}" is not an XML NMTOKEN`);
    files.set(fileId, [...(files.get(fileId) ?? []), unit]);
  }
  for (const [fileId, fileUnits] of files) {
    lines.push(
      `  <file id="${xmlAttribute(fileId, 'file id')}" original="${xmlAttribute(options.original, 'original')}">`,
    );
    for (const unit of fileUnits) writeUnit(lines, unit, seen);
    lines.push('  </file>');
  }
  lines.push('</xliff>', '');
  return lines.join('\n');
}

function writeUnit(lines: string[], unit: TranslationUnit, seen: Set<string>): void {
  const id = xliffUnitId(unit.id);
  if (!/^[\w.:-]+$/u.test(id)) throw new Error(`unit id "${unit.id}" cannot be an XLIFF id`);
  if (seen.has(id)) throw new Error(`unit id "${unit.id}" is listed twice`);
  seen.add(id);
  const what = `unit ${unit.id}`;
  const sourceParts = splitInline(unit.source);
  const codes = codesOf(sourceParts);
  lines.push(`    <unit id="${id}" name="${xmlAttribute(unit.id, what)}" xml:space="preserve">`);
  lines.push('      <notes>');
  // <note> holds plain text only (no <cp>), so a control character cannot be carried there.
  if (unit.note && hasForbiddenXmlCharacter(unit.note)) throw new Error(`the note of ${what} has a control character`);
  if (unit.note) lines.push(`        <note category="description">${xmlText(unit.note, `the note of ${what}`)}</note>`);
  lines.push(`        <note category="${SOURCE_HASH_CATEGORY}">${unit.sourceHash}</note>`);
  lines.push('      </notes>');
  if (codes.length > 0) {
    lines.push('      <originalData>');
    for (const code of codes) lines.push(`        <data id="d${code.id}">${xmlText(code.original, what)}</data>`);
    lines.push('      </originalData>');
  }
  const state = unit.target === null ? ' state="initial"' : ' state="translated"';
  lines.push(`      <segment${state}>`);
  lines.push(`        <source>${inlineXml(sourceParts, what)}</source>`);
  if (unit.target !== null) lines.push(`        <target>${inlineXml(targetParts(unit, codes), what)}</target>`);
  lines.push('      </segment>');
  lines.push('    </unit>');
}

/**
 * A target already made maps its codes onto the source's by their Markdown (in order of appearance), so a
 * re-export of a translated unit gives the translator the same `<ph>` ids as the source.
 */
function targetParts(unit: TranslationUnit, sourceCodes: InlineCode[]) {
  const unused = [...sourceCodes];
  return splitInline(unit.target!).map((part) => {
    if (part.kind === 'text') return part;
    const index = unused.findIndex((code) => code.original === part.original);
    if (index < 0) throw new Error(`the target of unit ${unit.id} has a code the source does not: ${displayOf(part)}`);
    return unused.splice(index, 1)[0];
  });
}

function inlineXml(parts: ReturnType<typeof splitInline>, what: string): string {
  return parts
    .map((part) =>
      part.kind === 'text'
        ? xmlText(part.text, what)
        : `<ph id="${part.id}" dataRef="d${part.id}" disp="${xmlAttribute(displayOf(part), what)}" type="${part.type}" canDelete="no"/>`,
    )
    .join('');
}

/**
 * Reads a translated XLIFF 2.x file back against the units it must answer for. All or nothing: any problem and no
 * target is returned. A unit absent from the file, or without a target or with an empty one, stays untranslated.
 * A translated unit whose source hash differs from the current one is a problem (stale): the translation was made from another
 * text, so it is refused rather than filed as a translation of the new one (export again and carry it over).
 */
export function fromXliff21(xml: string, expected: ImportExpectation): ImportResult {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, problems: [{ line: parsed.line, message: parsed.message }] };
  const root = parsed.root;
  const problems: ImportProblem[] = [];
  const fail = (message: string, line: number, unitId?: string) =>
    problems.push(unitId === undefined ? { line, message } : { unitId, line, message });

  if (root.name !== 'xliff')
    return { ok: false, problems: [{ line: root.line, message: 'the root element is not <xliff>' }] };
  if (root.attributes.get('xmlns') !== XLIFF_NAMESPACE)
    fail(`the <xliff> namespace must be ${XLIFF_NAMESPACE}`, root.line);
  const version = root.attributes.get('version');
  if (version !== '2.0' && version !== '2.1') fail(`XLIFF version "${version ?? ''}" is not 2.0 or 2.1`, root.line);
  const srcLang = root.attributes.get('srcLang');
  if (!sameLanguage(srcLang, expected.srcLang))
    fail(`srcLang is "${srcLang ?? ''}", the course is in "${expected.srcLang}"`, root.line);
  const trgLang = root.attributes.get('trgLang');
  if (!sameLanguage(trgLang, expected.trgLang))
    fail(`trgLang is "${trgLang ?? ''}", this copy is in "${expected.trgLang}"`, root.line);

  const byXliffId = new Map(expected.units.map((unit) => [xliffUnitId(unit.id), unit]));
  const targets = new Map<string, string>();
  const seenUnits = new Map<string, number>();
  for (const unitElement of unitsOf(root)) {
    const xliffId = unitElement.attributes.get('id') ?? '';
    const unit = byXliffId.get(xliffId);
    if (!unit) {
      fail(`unknown unit id "${xliffId}": not in this course version`, unitElement.line, xliffId);
      continue;
    }
    if (seenUnits.has(xliffId)) {
      fail(`unit appears twice (first on line ${seenUnits.get(xliffId)})`, unitElement.line, unit.id);
      continue;
    }
    seenUnits.set(xliffId, unitElement.line);
    const result = readUnit(unitElement, unit);
    for (const message of result.problems) fail(message, result.line, unit.id);
    if (result.problems.length === 0 && result.target !== null && result.target !== '')
      targets.set(unit.id, result.target);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}

function sameLanguage(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
}

function unitsOf(element: XmlElement): XmlElement[] {
  const units: XmlElement[] = [];
  for (const child of elements(element)) {
    if (child.name === 'file' || child.name === 'group') units.push(...unitsOf(child));
    else if (child.name === 'unit') units.push(child);
  }
  return units;
}

function elements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element');
}

function readUnit(
  element: XmlElement,
  unit: TranslationUnit,
): { problems: string[]; target: string | null; line: number } {
  const problems: string[] = [];
  const children = elements(element);
  const hashNotes = children
    .filter((child) => child.name === 'notes')
    .flatMap(elements)
    .filter((note) => note.name === 'note' && note.attributes.get('category') === SOURCE_HASH_CATEGORY);
  if (hashNotes.length !== 1)
    problems.push(`needs exactly one <note category="${SOURCE_HASH_CATEGORY}">, found ${hashNotes.length}`);
  const stale = hashNotes.length === 1 && plainText(hashNotes[0]).trim() !== unit.sourceHash;

  const segments = children.filter((child) => child.name === 'segment');
  if (segments.length !== 1 || children.some((child) => child.name === 'ignorable'))
    return {
      problems: [...problems, `must have exactly one <segment> (found ${segments.length}); do not resegment`],
      target: null,
      line: element.line,
    };
  const segmentChildren = elements(segments[0]);
  const targetElement = segmentChildren.find((child) => child.name === 'target');
  // An untranslated unit whose source changed upstream is no problem: there is nothing to apply.
  if (!targetElement || targetElement.children.every((child) => child.kind === 'text' && child.text === ''))
    return { problems, target: null, line: element.line };
  // Checking the codes of a stale target against the new source would only add noise.
  if (stale) return { problems: [...problems, STALE], target: null, line: targetElement.line };

  const sourceCodes = codesOf(splitInline(unit.source));
  const byId = new Map(sourceCodes.map((code) => [code.id, code]));
  const usedIds: string[] = [];
  let target = '';
  const walk = (nodes: XmlNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'text') {
        target += node.text;
        continue;
      }
      if (node.name === 'ph') {
        const id = node.attributes.get('id') ?? '';
        usedIds.push(id);
        const code = byId.get(id);
        const dataRef = node.attributes.get('dataRef');
        if (code && dataRef !== undefined && dataRef !== `d${id}`)
          problems.push(
            `inline code ${id} (${displayOf(code)}) was changed: it points at data "${dataRef}", not "d${id}"`,
          );
        target += code?.original ?? '';
      } else if (node.name === 'cp') {
        const hex = node.attributes.get('hex') ?? '';
        const codePoint = /^[0-9A-Fa-f]{1,6}$/u.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
        if (Number.isNaN(codePoint) || codePoint > 0x10ffff) problems.push(`<cp hex="${hex}"> is not a code point`);
        else target += String.fromCodePoint(codePoint);
      } else if (node.name === 'mrk' || node.name === 'sm' || node.name === 'em') {
        // Annotations a CAT tool adds (terms, comments) carry no Markdown: keep their text.
        walk(node.children);
      } else {
        problems.push(`<${node.name}> is not allowed in a target here (only the source's <ph> codes)`);
      }
    }
  };
  walk(targetElement.children);
  problems.push(...checkCodeIds(sourceCodes, usedIds));
  return { problems, target: problems.length > 0 ? null : target, line: targetElement.line };
}

const STALE = 'stale: the source changed since this file was exported (its source hash no longer matches)';

function plainText(element: XmlElement): string {
  return element.children.map((child) => (child.kind === 'text' ? child.text : plainText(child))).join('');
}
