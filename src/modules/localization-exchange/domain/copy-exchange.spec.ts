import { describe, expect, it } from '@jest/globals';
import xliff2js from 'xliff/xliff2js';
import { networksCourse } from '../../localization/domain/localization.fixtures.js';
import { listCourseUnits, sourceHash } from '../../localization/domain/translation-units.js';
import { toXliff21, xliffUnitId, XLIFF_NAMESPACE } from '../../localization/domain/xliff.js';
import { parseXml, type XmlElement } from '../../localization/domain/xml.js';
import { changedTranslations, exchangeUnits, explainExcluded, fileOfUnit, masterDiff } from './copy-exchange.js';
import type { CopyUnitState } from './rebase-plan.js';

const children = (element: XmlElement, name?: string) =>
  element.children.filter(
    (child): child is XmlElement => child.kind === 'element' && (name === undefined || child.name === name),
  );
const descendants = (element: XmlElement, name: string): XmlElement[] =>
  children(element).flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
const NMTOKEN = /^[\w.:-]+$/u;

/**
 * The XLIFF 2.0/2.1 core rules our exports must follow (no schema can be fetched here, so checked by hand):
 * namespace and version, srcLang/trgLang, <file> with a unique id holding <unit>s, each unit with a unique id
 * (NMTOKEN), notes then originalData then segments, a segment with one <source> and at most one <target>, a
 * `state` from the core list, and every <ph> naming a unique id in its part and a dataRef that resolves.
 */
function coreRuleViolations(xml: string): string[] {
  const problems: string[] = [];
  const parsed = parseXml(xml);
  if (!parsed.ok) return [`not well-formed: ${parsed.message}`];
  const root = parsed.root;
  if (root.name !== 'xliff') problems.push('root is not <xliff>');
  if (root.attributes.get('xmlns') !== XLIFF_NAMESPACE) problems.push('wrong namespace');
  if (!['2.0', '2.1'].includes(root.attributes.get('version') ?? '')) problems.push('version is not 2.0/2.1');
  if (!root.attributes.get('srcLang')) problems.push('no srcLang');
  const files = children(root);
  if (files.length === 0 || files.some((file) => file.name !== 'file')) problems.push('<xliff> must hold <file>s only');
  const fileIds = files.map((file) => file.attributes.get('id') ?? '');
  if (new Set(fileIds).size !== fileIds.length || !fileIds.every((id) => NMTOKEN.test(id)))
    problems.push('file ids must be unique NMTOKENs');
  for (const file of files) {
    const units = children(file);
    if (units.length === 0) problems.push(`file ${file.attributes.get('id')} is empty`);
    const unitIds = units.map((unit) => unit.attributes.get('id') ?? '');
    if (new Set(unitIds).size !== unitIds.length) problems.push(`unit ids repeat in file ${file.attributes.get('id')}`);
    for (const unit of units) {
      const id = unit.attributes.get('id') ?? '';
      if (unit.name !== 'unit' || !NMTOKEN.test(id)) problems.push(`bad unit ${id}`);
      const names = children(unit).map((child) => child.name);
      const order = names.map((name) => ['notes', 'originalData', 'segment'].indexOf(name));
      if (order.some((rank) => rank < 0) || order.some((rank, index) => index > 0 && rank < order[index - 1]))
        problems.push(`unit ${id}: children out of core order: ${names.join(',')}`);
      const dataIds = children(unit, 'originalData').flatMap((data) =>
        children(data, 'data').map((entry) => entry.attributes.get('id')),
      );
      if (new Set(dataIds).size !== dataIds.length) problems.push(`unit ${id}: data ids repeat`);
      for (const segment of children(unit, 'segment')) {
        const parts = children(segment).map((child) => child.name);
        if (parts[0] !== 'source' || parts.length > 2 || (parts[1] !== undefined && parts[1] !== 'target'))
          problems.push(`unit ${id}: a segment is <source> then at most one <target>`);
        const state = segment.attributes.get('state');
        if (state !== undefined && !['initial', 'translated', 'reviewed', 'final'].includes(state))
          problems.push(`unit ${id}: state ${state}`);
        for (const part of children(segment)) {
          const codes = descendants(part, 'ph');
          const ids = codes.map((code) => code.attributes.get('id'));
          if (new Set(ids).size !== ids.length) problems.push(`unit ${id}: <ph> ids repeat`);
          for (const code of codes)
            if (!dataIds.includes(code.attributes.get('dataRef')))
              problems.push(`unit ${id}: dataRef does not resolve`);
        }
      }
    }
  }
  return problems;
}

describe('the copy export: several <file>s', () => {
  it('should put the outline, each module and the capstone in a <file> of its own, in reading order', async () => {
    const course = await networksCourse();
    const files = [...new Set(listCourseUnits(course).map((unit) => fileOfUnit(unit.id)))];
    expect(files).toEqual(['course', ...course.modules.map((module) => module.id), 'capstone']);
  });

  it('should follow the XLIFF 2.1 core rules over the whole networks course, with targets', async () => {
    const units = listCourseUnits(await networksCourse()).map((unit, index) => ({
      ...unit,
      target: index % 2 === 0 ? unit.source : null,
    }));
    const xml = toXliff21(units, {
      srcLang: 'en',
      trgLang: 'fr',
      fileId: 'epm-networks',
      original: 'education-networks-clusters@v1',
      fileOf: (unit) => fileOfUnit(unit.id),
    });

    expect(coreRuleViolations(xml)).toEqual([]);
    expect(xml.match(/<file /gu)).toHaveLength(12);
    expect(xml).toContain('state="initial"');
  });

  it('should catch a broken file (the validator is not blind)', () => {
    const good =
      `<?xml version="1.0"?><xliff xmlns="${XLIFF_NAMESPACE}" version="2.1" srcLang="en" trgLang="fr">` +
      '<file id="f"><unit id="u"><originalData><data id="d1">**</data></originalData><segment><source><ph id="1" dataRef="d1"/>x</source></segment></unit></file></xliff>';
    expect(coreRuleViolations(good)).toEqual([]);
    expect(coreRuleViolations(good.replace('dataRef="d1"', 'dataRef="d9"'))).toEqual([
      'unit u: dataRef does not resolve',
    ]);
    expect(
      coreRuleViolations(
        good.replace('<file id="f">', '<file id="f"><unit id="u"><segment><source/></segment></unit>'),
      ),
    ).toContain('unit ids repeat in file f');
    expect(coreRuleViolations(good.replace('version="2.1"', 'version="1.2"'))).toContain('version is not 2.0/2.1');
    expect(coreRuleViolations(good.replace('<segment>', '<segment state="done">'))).toContain('unit u: state done');
  });

  it('should be read back by the xliff npm library with every unit, file by file', async () => {
    const course = await networksCourse();
    const units = listCourseUnits(course);
    const xml = toXliff21(units, {
      srcLang: 'en',
      trgLang: 'fr',
      fileId: 'epm-networks',
      original: 'x',
      fileOf: (unit) => fileOfUnit(unit.id),
    });
    const js = await xliff2js(xml);

    expect(Object.keys(js.resources)).toHaveLength(12);
    const read = Object.values(js.resources).flatMap((resource) => Object.keys(resource));
    expect(read).toEqual(units.map((unit) => xliffUnitId(unit.id)));
    expect(js.resources['epm-networks.net-m01']['net-m01.title'].source).toBe(
      units.find((unit) => unit.id === 'net-m01/title')!.source,
    );
  });
});

describe('exchangeUnits and changedTranslations', () => {
  const row = (unitId: string, kind: CopyUnitState['kind'], text: string | null, source: string): CopyUnitState => ({
    unitId,
    kind,
    text,
    sourceHash: sourceHash(source),
    afterUnit: null,
  });

  it('should offer current translations as targets, stale and code-broken ones as untranslated, and leave out adapted or hidden units', async () => {
    const course = await networksCourse();
    const units = listCourseUnits(course);
    const [first, second, third, fourth, fifth] = units.filter((unit) => unit.source.includes('**')).slice(0, 5);
    const current = new Map([
      [first.id, row(first.id, 'translated', 'Traduit', first.source)],
      [second.id, row(second.id, 'translated', 'Traduit', 'an older source')],
      [third.id, row(third.id, 'adapted', 'Adapté', third.source)],
      [fourth.id, row(fourth.id, 'hidden', null, fourth.source)],
      [fifth.id, row(fifth.id, 'translated', fifth.source.replaceAll('**', ''), fifth.source)],
    ]);

    const { units: offered, excluded } = exchangeUnits(course, current);

    const byId = new Map(offered.map((unit) => [unit.id, unit]));
    expect(byId.get(first.id)?.target).toBeNull(); // 'Traduit' lost the ** codes: not offered as done
    expect(byId.get(second.id)?.target).toBeNull();
    expect(byId.get(fifth.id)?.target).toBeNull();
    expect(byId.has(third.id)).toBe(false);
    expect(byId.has(fourth.id)).toBe(false);
    expect([...excluded]).toEqual([
      [third.id, 'adapted'],
      [fourth.id, 'hidden'],
    ]);
    const plain = units.find((unit) => !/[*_`[<{#|>-]/u.test(unit.source))!;
    const withPlain = exchangeUnits(course, new Map([[plain.id, row(plain.id, 'translated', 'Texte', plain.source)]]));
    expect(withPlain.units.find((unit) => unit.id === plain.id)?.target).toBe('Texte');
  });

  it('should name an adapted unit in a file as adapted, not unknown', () => {
    const problems = explainExcluded(
      [{ unitId: 'net-m01.title', line: 3, message: 'unknown unit id "net-m01.title": not in this course version' }],
      new Map([['net-m01/title', 'adapted']]),
    );
    expect(problems).toEqual([
      {
        unitId: 'net-m01/title',
        line: 3,
        message: 'this unit is adapted in this copy: change it in Cascade, not through a translation file',
      },
    ]);
  });

  it('should write a row only for a new or changed translation', () => {
    const units = [
      { id: 'a/title', source: 'A', sourceHash: sourceHash('A'), target: null },
      { id: 'b/title', source: 'B', sourceHash: sourceHash('B'), target: null },
      { id: 'c/title', source: 'C', sourceHash: sourceHash('C'), target: null },
    ];
    const current = new Map([
      ['a/title', row('a/title', 'translated', 'Ah', 'A')],
      ['b/title', row('b/title', 'translated', 'Bé', 'B')],
    ]);
    const targets = new Map([
      ['a/title', 'Ah'],
      ['b/title', 'Bè'],
      ['c/title', 'Cé'],
    ]);
    expect(changedTranslations(targets, units, current).map((entry) => [entry.unitId, entry.text])).toEqual([
      ['b/title', 'Bè'],
      ['c/title', 'Cé'],
    ]);
  });
});

describe('masterDiff', () => {
  it('should list changed units with a word diff, and added and removed units', async () => {
    const course = await networksCourse();
    const next = structuredClone(course);
    next.modules[0].title = `${course.modules[0].title} today`;
    const removed = next.modules[0].sections.pop()!;
    next.modules[0].objectives.push({ id: 'net-m01-new-objective', text: 'A new objective' });

    const diff = masterDiff(course, next);

    expect(diff.changed).toEqual([
      {
        unitId: 'net-m01/title',
        parts: [
          { kind: 'same', text: course.modules[0].title },
          { kind: 'ins', text: ' today' },
        ],
      },
    ]);
    expect(diff.added).toEqual([{ unitId: 'net-m01/objectives/net-m01-new-objective', source: 'A new objective' }]);
    expect(diff.removed.map((entry) => entry.unitId)).toEqual([
      `net-m01/sections/${removed.id}/title`,
      `net-m01/sections/${removed.id}/markdown`,
    ]);
  });
});
