import { describe, expect, it } from '@jest/globals';
import { networksCourse, replaceOnce, unit } from './localization.fixtures.js';
import { fromTranslationCsv, toTranslationCsv } from './translation-csv.js';
import { listCourseUnits, type TranslationUnit } from './translation-units.js';
import type { ImportResult } from './xliff.js';

const UNITS: TranslationUnit[] = [
  unit('demo/markdown', 'Read **the guide**, then [the map](https://example.org/a,b "Map") and `npm test`.'),
  unit('demo/formula', '=SUM(A1:A3) is a formula'),
  unit('demo/list', '- first\n- second, with "quotes"'),
  unit('demo/apostrophe', "'=quoted already"),
  unit('demo/plain', 'Evidence of need'),
];

/** Fills the target column of a row the way a spreadsheet user does: types the text, the program quotes it. */
function fill(csv: string, id: string, target: string): string {
  const lines = csv.split('\r\n');
  const index = lines.findIndex((line) => line.startsWith(`${id},`));
  if (index < 0) throw new Error(`no row ${id}`);
  const quoted = /[",\r\n]/u.test(target) ? `"${target.replaceAll('"', '""')}"` : target;
  // demo/list holds a line end in its source, so it is filled through replaceOnce instead.
  lines[index] = lines[index].replace(/,$/u, `,${quoted}`);
  return lines.join('\r\n');
}

function problemsOf(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to be refused');
  expect(result).not.toHaveProperty('targets');
  return result.problems;
}

describe('toTranslationCsv', () => {
  it('should write the header, RFC 4180 quoting and CRLF line ends', () => {
    const csv = toTranslationCsv([unit('demo/plain', 'Say "hi", then\nleave', 'Dites « salut »')]);
    const hash = unit('demo/plain', 'Say "hi", then\nleave').sourceHash;

    expect(csv).toBe(
      `id,source_hash,source,target\r\ndemo/plain,${hash},"Say ""hi"", then\nleave",Dites « salut »\r\n`,
    );
  });

  it('should neutralise text a spreadsheet would run as a formula', () => {
    const csv = toTranslationCsv([unit('demo/formula', '=HYPERLINK("http://evil")', '+1 ou -1 @ici')]);

    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"")",'+1 ou -1 @ici\r\n`);
  });
});

describe('fromTranslationCsv', () => {
  it('should read back exactly the typed targets, Markdown and formula-looking text included', () => {
    let csv = toTranslationCsv(UNITS);
    csv = fill(
      csv,
      'demo/markdown',
      'Lisez **le guide**, puis [la carte](https://example.org/a,b "Map") et `npm test`.',
    );
    csv = fill(csv, 'demo/formula', "'=SUM(A1:A3) est une formule");
    csv = fill(csv, 'demo/apostrophe', "''=déjà entre apostrophes");
    csv = fill(csv, 'demo/plain', 'Preuves du besoin');
    csv = replaceOnce(csv, 'with ""quotes""",', 'with ""quotes""","\'- premier\r\n- second, avec ""guillemets"""');
    // Spreadsheets export a UTF-8 BOM; the file arrives as bytes.
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);

    expect(fromTranslationCsv(bytes, UNITS)).toEqual({
      ok: true,
      targets: new Map([
        ['demo/markdown', 'Lisez **le guide**, puis [la carte](https://example.org/a,b "Map") et `npm test`.'],
        ['demo/formula', '=SUM(A1:A3) est une formule'],
        ['demo/list', '- premier\r\n- second, avec "guillemets"'],
        ['demo/apostrophe', "'=déjà entre apostrophes"],
        ['demo/plain', 'Preuves du besoin'],
      ]),
    });
  });

  it('should round-trip every unit of the networks course losslessly (targets equal to sources)', async () => {
    const units = listCourseUnits(await networksCourse());
    const csv = toTranslationCsv(units.map((each) => ({ ...each, target: each.source })));

    const result = fromTranslationCsv(csv, units);

    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
    expect(result.targets.size).toBe(units.length);
    for (const each of units) expect(result.targets.get(each.id)).toBe(each.source);
  });

  it('should leave a row with an empty target untranslated', () => {
    expect(fromTranslationCsv(toTranslationCsv(UNITS), UNITS)).toEqual({ ok: true, targets: new Map() });
  });

  describe('refuses a bad file and applies nothing', () => {
    const good = fill(fill(toTranslationCsv(UNITS), 'demo/plain', 'Preuves du besoin'), 'demo/formula', 'Une formule');

    it('should accept the unmodified file (the baseline the mutations below break)', () => {
      expect(fromTranslationCsv(good, UNITS).ok).toBe(true);
    });

    it('should refuse a file without the header', () => {
      expect(problemsOf(fromTranslationCsv(good.replace('id,source_hash', 'key,hash'), UNITS))).toEqual([
        { line: 1, message: 'the first row must be the header id,source_hash,source,target' },
      ]);
    });

    it('should name an unknown id and a repeated one with their lines', () => {
      const plainRow = good.split('\r\n').find((line) => line.startsWith('demo/plain,'))!;
      const csv = `${replaceOnce(good, 'demo/formula,', 'demo/gone,')}${plainRow}\r\n`;
      expect(problemsOf(fromTranslationCsv(csv, UNITS))).toEqual([
        { unitId: 'demo/gone', line: 3, message: 'unknown unit id "demo/gone": not in this course version' },
        { unitId: 'demo/plain', line: 8, message: 'unit appears twice (first on line 7)' },
      ]);
    });

    it('should refuse a stale row (the source changed since the export)', () => {
      const units = UNITS.map((each) => (each.id === 'demo/plain' ? unit('demo/plain', 'Evidence of the need') : each));
      expect(problemsOf(fromTranslationCsv(good, units))).toEqual([
        {
          unitId: 'demo/plain',
          line: 7,
          message: 'stale: the source changed since this file was exported (its source hash no longer matches)',
        },
      ]);
    });

    it('should not hold an untranslated row whose source changed against the file', () => {
      const units = UNITS.map((each) => (each.id === 'demo/list' ? unit('demo/list', '- first\n- third') : each));
      expect(fromTranslationCsv(good, units)).toEqual({
        ok: true,
        targets: new Map([
          ['demo/formula', 'Une formule'],
          ['demo/plain', 'Preuves du besoin'],
        ]),
      });
    });

    it('should refuse a target that lost or gained an inline code', () => {
      const lost = fill(
        toTranslationCsv(UNITS),
        'demo/markdown',
        'Lisez **le guide**, puis [la carte](https://example.org/a,b "Map") et npm test.',
      );
      expect(problemsOf(fromTranslationCsv(lost, UNITS))).toEqual([
        {
          unitId: 'demo/markdown',
          line: 2,
          message: 'the code "`npm test`" is missing (1 in the source, 0 in the target)',
        },
      ]);
      const gained = fill(toTranslationCsv(UNITS), 'demo/plain', 'Preuves du <b>besoin</b>');
      expect(problemsOf(fromTranslationCsv(gained, UNITS)).map((problem) => problem.message)).toEqual([
        'the code "<b>" is not in the source (1 in the target, 0 in the source)',
        'the code "</b>" is not in the source (1 in the target, 0 in the source)',
      ]);
      const changedUrl = fill(
        toTranslationCsv(UNITS),
        'demo/markdown',
        'Lisez **le guide**, puis [la carte](https://evil.example) et `npm test`.',
      );
      expect(problemsOf(fromTranslationCsv(changedUrl, UNITS)).map((problem) => problem.message)).toEqual([
        'the code "](https://example.org/a,b "Map")" is missing (1 in the source, 0 in the target)',
        'the code "](https://evil.example)" is not in the source (1 in the target, 0 in the source)',
      ]);
    });

    it('should refuse an unclosed quote and a wrong number of fields', () => {
      expect(problemsOf(fromTranslationCsv(`${good}demo/plain,x,"never closed\r\n`, UNITS))).toEqual([
        { line: 8, message: 'the double quote that opens a field on line 8 is never closed' },
      ]);
      expect(problemsOf(fromTranslationCsv(`${good}demo/plain,x\r\n`, UNITS))).toEqual([
        { line: 8, message: 'has 2 fields, expected 4' },
      ]);
    });

    it('should refuse bytes that are not UTF-8', () => {
      expect(problemsOf(fromTranslationCsv(Buffer.from([0x69, 0x64, 0xe9, 0x2c]), UNITS))).toEqual([
        { message: 'the file is not UTF-8 text' },
      ]);
    });
  });
});
