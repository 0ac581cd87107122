import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import xliff2js from 'xliff/xliff2js';
import { networksCourse, replaceOnce, unit, withTarget } from './localization.fixtures.js';
import { listCourseUnits, type TranslationUnit } from './translation-units.js';
import { fromXliff21, toXliff21, xliffUnitId, XLIFF_NAMESPACE, type ImportResult } from './xliff.js';
import { parseXml, type XmlElement } from './xml.js';

const OPTIONS = { srcLang: 'en', trgLang: 'fr', fileId: 'epm-networks', original: 'epm-networks@test' };

const TRICKY_SOURCE =
  'Read **the guide** and run `npm test` before [the workshop](https://example.org/w?a=1&b=2 "Workshop").\n\n' +
  '![Cluster map](images/map.png)\n\n' +
  '<abbr title="District Education Office">DEO</abbr> sends {{participantName}} a reminder; 5 < 6 & "quotes".';
// What a CAT tool returns: text translated, codes kept (and the link moved inside the sentence).
const TRICKY_TARGET_XML =
  'Lisez <ph id="1"/>le guide<ph id="2"/> et lancez <ph id="3"/> avant <ph id="4"/>l’atelier<ph id="5"/>.\n\n' +
  '<ph id="6"/>Carte du réseau<ph id="7"/>\n\n' +
  '<ph id="8"/>DEO<ph id="9"/> envoie un rappel à <ph id="10"/> ; 5 &lt; 6 &amp; « guillemets ».';
const TRICKY_TARGET =
  'Lisez **le guide** et lancez `npm test` avant [l’atelier](https://example.org/w?a=1&b=2 "Workshop").\n\n' +
  '![Carte du réseau](images/map.png)\n\n' +
  '<abbr title="District Education Office">DEO</abbr> envoie un rappel à {{participantName}} ; 5 < 6 & « guillemets ».';

const FENCE_SOURCE = 'Run:\n\n```sh\nnpm run content:import -- --only net\n```\n\nThen check the log.';
const SCRIPTS_SOURCE = 'Nepali: नेपाली शिक्षा 🎓 — *emoji* 👩🏽‍🏫 and 中文';
const TABLE_SOURCE = '| Feature | Network |\n|---|---|\n| Basis | Purpose |\n\n- one\n- two';

function trickyUnits(): TranslationUnit[] {
  return [
    unit('demo/tricky/markdown', TRICKY_SOURCE),
    unit('demo/tricky/fence', FENCE_SOURCE),
    unit('demo/tricky/scripts', SCRIPTS_SOURCE),
    unit('demo/tricky/table', TABLE_SOURCE),
    unit('demo/plain', 'Evidence of need'),
  ];
}

function translatedTrickyFile(units = trickyUnits()): string {
  let xml = toXliff21(units, OPTIONS);
  xml = withTarget(xml, 'demo/tricky/markdown', TRICKY_TARGET_XML);
  xml = withTarget(xml, 'demo/tricky/fence', 'Lancez :\n\n<ph id="1"/>\n\nPuis vérifiez le journal.');
  xml = withTarget(xml, 'demo/tricky/scripts', 'Népalais : नेपाली शिक्षा 🎓 — <ph id="1"/>émoji<ph id="2"/> 👩🏽‍🏫 et 中文');
  xml = withTarget(
    xml,
    'demo/tricky/table',
    '<ph id="1"/> Caractéristique <ph id="2"/> Réseau <ph id="3"/>\n<ph id="4"/>\n<ph id="5"/> Base <ph id="6"/> Objectif <ph id="7"/>\n\n<ph id="8"/>un\n<ph id="9"/>deux',
  );
  return withTarget(xml, 'demo/plain', 'Preuves du besoin');
}

function problemsOf(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to be refused');
  expect(result).not.toHaveProperty('targets');
  return result.problems;
}

describe('toXliff21 / fromXliff21', () => {
  it('should give back exactly the translated Markdown: code, links, images, emphasis, HTML, placeholders, scripts', () => {
    const result = fromXliff21(translatedTrickyFile(), { units: trickyUnits(), srcLang: 'en', trgLang: 'fr' });

    expect(result).toEqual({
      ok: true,
      targets: new Map([
        ['demo/tricky/markdown', TRICKY_TARGET],
        [
          'demo/tricky/fence',
          'Lancez :\n\n```sh\nnpm run content:import -- --only net\n```\n\nPuis vérifiez le journal.',
        ],
        ['demo/tricky/scripts', 'Népalais : नेपाली शिक्षा 🎓 — *émoji* 👩🏽‍🏫 et 中文'],
        ['demo/tricky/table', '| Caractéristique | Réseau |\n|---|---|\n| Base | Objectif |\n\n- un\n- deux'],
        ['demo/plain', 'Preuves du besoin'],
      ]),
    });
  });

  it('should carry right-to-left targets (Arabic) with their codes', () => {
    const units = [unit('demo/rtl', 'The **network** meets on {date}.')];
    const xml = withTarget(
      toXliff21(units, { ...OPTIONS, trgLang: 'ar' }),
      'demo/rtl',
      'تجتمع <ph id="1"/>الشبكة<ph id="2"/> في <ph id="3"/>.',
    );

    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'ar' })).toEqual({
      ok: true,
      targets: new Map([['demo/rtl', 'تجتمع **الشبكة** في {date}.']]),
    });
  });

  it('should import a French translation of real units of the networks course', async () => {
    const units = listCourseUnits(await networksCourse());
    const french: Record<string, string> = {
      'course/title': 'Gestion stratégique des réseaux et des regroupements d’établissements scolaires',
      'outcomes/net-out-strategic-plans':
        'Élaborer des plans stratégiques pour les réseaux et regroupements d’établissements scolaires.',
      'net-m01/objectives/net-m01-obj-define':
        'Définir un réseau éducatif et un regroupement d’écoles, et expliquer ce qui les distingue.',
      'net-m01/sections/net-m01-defining-networks/title': 'Définir les réseaux et les regroupements éducatifs',
      'capstone/rubric/evidence-of-need/title': 'Preuves du besoin',
    };
    let xml = toXliff21(units, OPTIONS);
    for (const [id, text] of Object.entries(french)) xml = withTarget(xml, id, text);
    const changeLog = 'net-m06/quiz/net-m06-q-change-log/answers/net-m06-q-change-log-c/text';
    expect(units.find((candidate) => candidate.id === changeLog)?.source).toBe('*change log*');
    xml = withTarget(xml, changeLog, '<ph id="1"/>journal des modifications<ph id="2"/>');

    const result = fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' });

    expect(result).toEqual({
      ok: true,
      targets: new Map([...Object.entries(french), [changeLog, '*journal des modifications*']]),
    });
  });

  it('should round-trip every unit of the networks course losslessly (targets equal to sources)', async () => {
    const units = listCourseUnits(await networksCourse());
    const xml = toXliff21(
      units.map((each) => ({ ...each, target: each.source })),
      OPTIONS,
    );

    const result = fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' });

    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
    expect(result.targets.size).toBe(units.length);
    for (const each of units) expect(result.targets.get(each.id)).toBe(each.source);
  });

  it('should re-export an existing translation with the source code ids, and read it back unchanged', () => {
    const units = [
      unit('demo/again', 'See [the map](m.png) and **act**.', 'Agissez **vite** et voyez [la carte](m.png).'),
    ];
    const xml = toXliff21(units, OPTIONS);

    expect(xml).toContain(
      '<target>Agissez <ph id="3" dataRef="d3" disp="**" type="fmt" canDelete="no"/>vite<ph id="4" dataRef="d4"',
    );
    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' })).toEqual({
      ok: true,
      targets: new Map([['demo/again', 'Agissez **vite** et voyez [la carte](m.png).']]),
    });
  });

  it('should encode control characters XML forbids as <cp> and keep CR, tabs and line ends exactly', () => {
    const source = 'Bell\u0007 here,\r\nCRLF\tand \u001B escape';
    const units = [unit('demo/control', source, source)];
    const xml = toXliff21(units, OPTIONS);

    expect(xml).toContain('Bell<cp hex="0007"/> here,&#xD;\nCRLF\tand <cp hex="001B"/> escape');
    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' })).toEqual({
      ok: true,
      targets: new Map([['demo/control', source]]),
    });
  });

  it('should carry a control character inside an inline code: <cp> in originalData, U+FFFD only in disp', () => {
    const source = 'Press `Ctrl+G \u0007` to ring';
    const units = [unit('demo/control-code', source)];
    const xml = withTarget(toXliff21(units, OPTIONS), 'demo/control-code', 'Appuyez sur <ph id="1"/> pour sonner');

    expect(xml).toContain('<data id="d1">`Ctrl+G <cp hex="0007"/>`</data>');
    expect(xml).toContain('disp="`Ctrl+G \uFFFD`"');
    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' })).toEqual({
      ok: true,
      targets: new Map([['demo/control-code', 'Appuyez sur `Ctrl+G \u0007` pour sonner']]),
    });
  });

  it('should restore codes from the course, never from the file: an edited originalData cannot change a URL', () => {
    const tampered = replaceOnce(
      translatedTrickyFile(),
      '](https://example.org/w?a=1&amp;b=2 "Workshop")</data>',
      '](https://evil.example)</data>',
    );
    const result = fromXliff21(tampered, { units: trickyUnits(), srcLang: 'en', trgLang: 'fr' });

    expect(result.ok && result.targets.get('demo/tricky/markdown')).toBe(TRICKY_TARGET);
  });

  it('should keep the text of annotations a CAT tool adds around words (<mrk>)', () => {
    const units = [unit('demo/term', 'A **cluster** of schools')];
    const xml = withTarget(
      toXliff21(units, OPTIONS),
      'demo/term',
      'Un <ph id="1"/><mrk id="m1" type="term">regroupement</mrk><ph id="2"/> d’écoles',
    );

    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' })).toEqual({
      ok: true,
      targets: new Map([['demo/term', 'Un **regroupement** d’écoles']]),
    });
  });

  it('should refuse to export text that is not well-formed Unicode (a lone surrogate)', () => {
    expect(() => toXliff21([unit('demo/broken', 'half an emoji \uD83C')], OPTIONS)).toThrow(/lone surrogate/);
  });

  it('should refuse a language tag that is not BCP 47', () => {
    expect(() => toXliff21([unit('demo/plain', 'x')], { ...OPTIONS, trgLang: 'French!' })).toThrow(/trgLang/);
  });
});

describe('the exported file against the XLIFF 2.1 core rules', () => {
  it('should use the 2.0 core namespace with version 2.1, languages, unique ids and originalData for every code', async () => {
    const units = [...listCourseUnits(await networksCourse()), ...trickyUnits()].map((each) => ({
      ...each,
      target: each.id === 'demo/tricky/markdown' ? TRICKY_TARGET : each.source,
    }));
    const parsed = parseXml(toXliff21(units, OPTIONS));
    if (!parsed.ok) throw new Error(parsed.message);
    const root = parsed.root;

    expect(root.name).toBe('xliff');
    expect(Object.fromEntries(root.attributes)).toEqual({
      xmlns: XLIFF_NAMESPACE,
      version: '2.1',
      srcLang: 'en',
      trgLang: 'fr',
    });
    const files = children(root, 'file');
    expect(files.map((file) => file.attributes.get('id'))).toEqual(['epm-networks']);
    const unitElements = children(files[0], 'unit');
    const ids = unitElements.map((element) => element.attributes.get('id')!);
    expect(ids).toEqual(units.map((each) => xliffUnitId(each.id)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[\w.:-]+$/); // NMTOKEN

    let codes = 0;
    for (const [index, element] of unitElements.entries()) {
      // Core order: notes, originalData, then segments.
      const names = children(element).map((child) => child.name);
      expect(names.filter((name) => name !== 'notes' && name !== 'originalData')).toEqual(['segment']);
      expect(names.indexOf('notes')).toBe(0);
      const hashNote = children(children(element, 'notes')[0], 'note').find(
        (note) => note.attributes.get('category') === 'source-hash',
      );
      expect(text(hashNote!)).toBe(createHash('sha256').update(units[index].source).digest('hex'));
      const dataIds = children(children(element, 'originalData')[0] ?? element, 'data').map((data) =>
        data.attributes.get('id')!,
      );
      expect(new Set(dataIds).size).toBe(dataIds.length);
      for (const part of children(children(element, 'segment')[0])) {
        const placeholders = descendants(part, 'ph');
        const phIds = placeholders.map((ph) => ph.attributes.get('id'));
        expect(new Set(phIds).size).toBe(phIds.length);
        for (const ph of placeholders) {
          expect(dataIds).toContain(ph.attributes.get('dataRef'));
          codes++;
        }
        expect(descendants(part, 'pc')).toEqual([]);
      }
    }
    expect(codes).toBeGreaterThan(1000);
  });

  it('should be read back whole by the xliff npm library: every unit of the networks course', async () => {
    const units = listCourseUnits(await networksCourse());
    const js = await xliff2js(toXliff21(units, OPTIONS));
    const resources = js.resources['epm-networks'];

    expect(Object.keys(resources)).toEqual(units.map((each) => xliffUnitId(each.id)));
    expect(resources['course.title']?.source).toBe(units[0].source);
  });

  it('should be read back by the xliff npm library (ids, sources, targets)', async () => {
    const units = trickyUnits();
    const js = await xliff2js(translatedTrickyFile(units));
    const resources = js.resources['epm-networks'];

    expect(js.xliffVersion).toBe('2.1');
    expect(js.sourceLanguage).toBe('en');
    expect(js.targetLanguage).toBe('fr');
    expect(Object.keys(resources)).toEqual(units.map((each) => xliffUnitId(each.id)));
    expect(resources['demo.plain']).toMatchObject({ source: 'Evidence of need', target: 'Preuves du besoin' });
    const tricky = resources['demo.tricky.markdown'];
    expect(tricky.source).toEqual(
      expect.arrayContaining([
        'Read ',
        { Standalone: expect.objectContaining({ id: '1', dataRef: 'd1', disp: '**' }) },
      ]),
    );
    expect(tricky.target).toEqual(
      expect.arrayContaining(['Lisez ', { Standalone: { id: '10' } }, ' ; 5 < 6 & « guillemets ».']),
    );
  });
});

describe('fromXliff21 refuses a bad file and applies nothing', () => {
  const expected = { units: trickyUnits(), srcLang: 'en', trgLang: 'fr' };
  const good = translatedTrickyFile();
  const markdownTarget = `<target>${TRICKY_TARGET_XML}</target>`;
  const withMarkdownTarget = (inner: string) => replaceOnce(good, markdownTarget, `<target>${inner}</target>`);

  it('should accept the unmodified file (the baseline the mutations below break)', () => {
    expect(fromXliff21(good, expected).ok).toBe(true);
  });

  it('should report malformed XML with its line', () => {
    const broken = replaceOnce(good, '</segment>', '</segmnt>');
    const problems = problemsOf(fromXliff21(broken, expected));
    expect(problems).toEqual([
      { line: expect.any(Number), message: expect.stringMatching(/^malformed XML: <\/segmnt> closes <segment>/) },
    ]);
    expect(problems[0].line).toBe(broken.split('\n').findIndex((line) => line.includes('</segmnt>')) + 1);
  });

  it('should report an undefined entity and a DOCTYPE as malformed', () => {
    expect(problemsOf(fromXliff21(replaceOnce(good, '&amp; «', '&nbsp; «'), expected))[0].message).toMatch(
      /unknown entity &nbsp;/,
    );
    const doctype = good.replace('<xliff', '<!DOCTYPE x [<!ENTITY boom "boom">]>\n<xliff');
    expect(problemsOf(fromXliff21(doctype, expected))[0].message).toMatch(/DOCTYPE is not allowed/);
  });

  it('should name an unknown unit id', () => {
    const problems = problemsOf(
      fromXliff21(replaceOnce(good, 'unit id="demo.plain"', 'unit id="demo.gone"'), expected),
    );
    expect(problems).toEqual([
      {
        unitId: 'demo.gone',
        line: expect.any(Number),
        message: 'unknown unit id "demo.gone": not in this course version',
      },
    ]);
  });

  it('should name a unit that appears twice', () => {
    const start = good.indexOf('<unit id="demo.plain"');
    const block = good.slice(start, good.indexOf('</unit>', start) + '</unit>'.length);
    const problems = problemsOf(fromXliff21(replaceOnce(good, block, `${block}\n${block}`), expected));
    expect(problems).toEqual([
      { unitId: 'demo/plain', line: expect.any(Number), message: expect.stringMatching(/^unit appears twice/) },
    ]);
  });

  it.each([
    [
      'a missing code',
      TRICKY_TARGET_XML.replace('<ph id="10"/>', ''),
      'inline code 10 ({{participantName}}) is missing',
    ],
    [
      'a duplicated code',
      TRICKY_TARGET_XML.replace('<ph id="3"/>', '<ph id="3"/><ph id="3"/>'),
      'inline code 3 (`npm test`) appears more than once',
    ],
    [
      'a code not in the source',
      TRICKY_TARGET_XML.replace('<ph id="3"/>', '<ph id="3"/><ph id="99"/>'),
      'inline code 99 is not in the source',
    ],
    [
      'a changed code',
      TRICKY_TARGET_XML.replace('<ph id="3"/>', '<ph id="3" dataRef="d4"/>'),
      'inline code 3 (`npm test`) was changed: it points at data "d4", not "d3"',
    ],
    [
      'a link closed before it opens',
      TRICKY_TARGET_XML.replace('<ph id="4"/>l’atelier<ph id="5"/>', '<ph id="5"/>l’atelier<ph id="4"/>'),
      'inline code 5 (](https://example.org/w?a=1&b=2 "Work…) closes a link before code 4 opens it',
    ],
    [
      'paired markup a CAT tool invented',
      TRICKY_TARGET_XML.replace('Lisez', '<pc id="p1">Lisez</pc>'),
      "<pc> is not allowed in a target here (only the source's <ph> codes)",
    ],
  ])('should refuse %s, naming the unit', (_kind, targetXml, message) => {
    const problems = problemsOf(fromXliff21(withMarkdownTarget(targetXml), expected));
    expect(problems).toEqual([{ unitId: 'demo/tricky/markdown', line: expect.any(Number), message }]);
  });

  it('should refuse a file for another target or source language', () => {
    expect(problemsOf(fromXliff21(replaceOnce(good, 'trgLang="fr"', 'trgLang="es"'), expected))).toEqual([
      { line: 2, message: 'trgLang is "es", this copy is in "fr"' },
    ]);
    expect(problemsOf(fromXliff21(replaceOnce(good, 'srcLang="en"', 'srcLang="de"'), expected))).toEqual([
      { line: 2, message: 'srcLang is "de", the course is in "en"' },
    ]);
  });

  it('should refuse a file of another XLIFF namespace or version', () => {
    const old = replaceOnce(
      replaceOnce(good, XLIFF_NAMESPACE, 'urn:oasis:names:tc:xliff:document:1.2'),
      'version="2.1"',
      'version="1.2"',
    );
    expect(problemsOf(fromXliff21(old, expected)).map((problem) => problem.message)).toEqual([
      `the <xliff> namespace must be ${XLIFF_NAMESPACE}`,
      'XLIFF version "1.2" is not 2.0 or 2.1',
    ]);
  });

  it('should refuse a translation whose source changed since the export (stale), and nothing else of the file', () => {
    const units = trickyUnits().map((each) =>
      each.id === 'demo/plain' ? unit('demo/plain', 'Evidence of the need') : each,
    );
    const problems = problemsOf(fromXliff21(good, { ...expected, units }));
    expect(problems).toEqual([
      {
        unitId: 'demo/plain',
        line: expect.any(Number),
        message: 'stale: the source changed since this file was exported (its source hash no longer matches)',
      },
    ]);
  });

  it('should not hold an untranslated unit whose source changed against the file', () => {
    const units = trickyUnits();
    const xml = toXliff21(units, OPTIONS);
    const changed = units.map((each) => (each.id === 'demo/plain' ? unit('demo/plain', 'Evidence of the need') : each));

    expect(
      fromXliff21(withTarget(xml, 'demo/tricky/fence', 'Lancez :\n\n<ph id="1"/>\n\nPuis vérifiez.'), {
        ...expected,
        units: changed,
      }),
    ).toEqual({
      ok: true,
      targets: new Map([
        ['demo/tricky/fence', 'Lancez :\n\n```sh\nnpm run content:import -- --only net\n```\n\nPuis vérifiez.'],
      ]),
    });
  });

  it('should refuse a resegmented unit', () => {
    const start = good.indexOf('<unit id="demo.plain"');
    const segmentStart = good.indexOf('<segment', start);
    const segment = good.slice(segmentStart, good.indexOf('</segment>', segmentStart) + '</segment>'.length);
    const problems = problemsOf(fromXliff21(replaceOnce(good, segment, `${segment}${segment}`), expected));
    expect(problems).toEqual([
      {
        unitId: 'demo/plain',
        line: expect.any(Number),
        message: 'must have exactly one <segment> (found 2); do not resegment',
      },
    ]);
  });

  it('should report every problem of the file at once', () => {
    const many = replaceOnce(
      withMarkdownTarget(TRICKY_TARGET_XML.replace('<ph id="10"/>', '')),
      'unit id="demo.plain"',
      'unit id="demo.gone"',
    );
    expect(problemsOf(fromXliff21(many, expected)).map((problem) => problem.unitId)).toEqual([
      'demo/tricky/markdown',
      'demo.gone',
    ]);
  });

  it('should leave units without a target or with an empty one untranslated', () => {
    const units = trickyUnits();
    const xml = withTarget(toXliff21(units, OPTIONS), 'demo/plain', '');
    expect(fromXliff21(xml, { units, srcLang: 'en', trgLang: 'fr' })).toEqual({ ok: true, targets: new Map() });
  });
});

function children(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => child.kind === 'element' && (name === undefined || child.name === name),
  );
}

function descendants(element: XmlElement, name: string): XmlElement[] {
  return children(element).flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}

function text(element: XmlElement): string {
  return element.children.map((child) => (child.kind === 'text' ? child.text : text(child))).join('');
}
