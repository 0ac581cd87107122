import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  formatEnrolmentProblems,
  MAX_ENROLMENT_ROWS,
  parseEnrolmentCsv,
  type EnrolmentProblem,
  type EnrolmentRow,
} from './enrolment-csv.js';

function row(line: number, email: string, fullName: string, overrides: Partial<EnrolmentRow> = {}): EnrolmentRow {
  return {
    line,
    email,
    fullName,
    role: 'participant',
    externalId: null,
    language: null,
    organization: null,
    ...overrides,
  };
}

function problemsOf(csv: string | Buffer): EnrolmentProblem[] {
  return parseEnrolmentCsv(csv).problems;
}

describe('parseEnrolmentCsv', () => {
  it('should read a good file, normalising emails, names, roles and language tags', () => {
    const result = parseEnrolmentCsv(
      [
        'email,full_name,role,external_id,language',
        '  Amina.Diallo@Ministere.SN , Amina   Diallo ,participant,SN-2026.001,fr',
        'rajesh@moe.gov.np,Rajesh Shrestha,Trainer,,',
        'ana@educacao.gov.br,Ana Souza,,br_44-1,pt-br',
        '',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      row(2, 'amina.diallo@ministere.sn', 'Amina Diallo', { externalId: 'SN-2026.001', language: 'fr' }),
      row(3, 'rajesh@moe.gov.np', 'Rajesh Shrestha', { role: 'trainer' }),
      row(4, 'ana@educacao.gov.br', 'Ana Souza', { externalId: 'br_44-1', language: 'pt-BR' }),
    ]);
  });

  it('should accept the columns in any order and any case, with only the required ones', () => {
    const result = parseEnrolmentCsv('Full_Name,EMAIL\nJane Doe,jane@example.org\n');
    expect(result).toEqual({ rows: [row(2, 'jane@example.org', 'Jane Doe')], problems: [] });
  });

  it('should strip a UTF-8 byte order mark from a string and from bytes', () => {
    const csv = '\uFEFFemail,full_name\nkofi@example.org,Kofi Mensah\n';
    expect(parseEnrolmentCsv(csv).rows).toEqual([row(2, 'kofi@example.org', 'Kofi Mensah')]);
    expect(parseEnrolmentCsv(Buffer.from(csv, 'utf8')).rows).toEqual([row(2, 'kofi@example.org', 'Kofi Mensah')]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('should read UTF-8 bytes with accents and other scripts', () => {
    const csv = Buffer.from('email,full_name\njose@example.org,José Nuñez\nsita@example.org,सीता शर्मा\n', 'utf8');
    expect(parseEnrolmentCsv(csv).rows.map((entry) => entry.fullName)).toEqual(['José Nuñez', 'सीता शर्मा']);
  });

  it('should read semicolon-separated files when the header has semicolons and no commas', () => {
    const result = parseEnrolmentCsv('email;full_name;role\r\nmaria@example.pt;Silva, Maria;trainer\r\n');
    expect(result).toEqual({ rows: [row(2, 'maria@example.pt', 'Silva, Maria', { role: 'trainer' })], problems: [] });
  });

  it('should keep commas as the separator when the header has both', () => {
    const result = parseEnrolmentCsv('email,full_name\na@example.org,Ana; Maria\n');
    expect(result.rows).toEqual([row(2, 'a@example.org', 'Ana; Maria')]);
  });

  it('should read quoted commas, doubled quotes and newlines, giving each row the line where it starts', () => {
    const result = parseEnrolmentCsv(
      [
        'email,"full_name"',
        'doe@example.org,"Doe, Jane"',
        'two@example.org,"Line one',
        'line two"',
        'boss@example.org,"The ""Boss"""',
        '"bad",Someone',
      ].join('\n'),
    );
    expect(result.rows).toEqual([
      row(2, 'doe@example.org', 'Doe, Jane'),
      row(3, 'two@example.org', 'Line one line two'),
      row(5, 'boss@example.org', 'The "Boss"'),
    ]);
    expect(result.problems).toEqual([{ line: 6, column: 'email', message: '"bad" is not an e-mail address' }]);
  });

  it('should count CRLF, LF and lone CR line ends, inside quotes too, as one line each', () => {
    const result = parseEnrolmentCsv(
      'email,full_name\r\na@example.org,"A\r\nA"\r\nb@example.org,B\rc@example.org,"C\r\rC"\nbad,D\r\n',
    );
    expect(result.rows.map((entry) => [entry.line, entry.fullName])).toEqual([
      [2, 'A A'],
      [4, 'B'],
      [5, 'C C'],
    ]);
    expect(result.problems.map((entry) => entry.line)).toEqual([8]);
  });

  it('should skip blank rows and trailing empty lines silently', () => {
    const result = parseEnrolmentCsv(
      '\nemail,full_name,role\n,,\n  ,  ,\na@example.org,A,\n\n"",\nb@example.org,B,\n\n\n\n',
    );
    expect(result).toEqual({ rows: [row(5, 'a@example.org', 'A'), row(8, 'b@example.org', 'B')], problems: [] });
  });

  it('should allow columns with a blank heading as long as their cells are empty', () => {
    const result = parseEnrolmentCsv('email,full_name,,\na@example.org,A,,\nb@example.org,B,,oops\n');
    expect(result.rows).toEqual([row(2, 'a@example.org', 'A')]);
    expect(result.problems).toEqual([{ line: 3, message: 'column 4 has no heading: name it or leave it empty' }]);
  });

  it('should report every bad row together, each with its line and column', () => {
    const longName = 'N'.repeat(201);
    const result = parseEnrolmentCsv(
      [
        'email,full_name,role,external_id,language',
        'ok@example.org,Fine Person,,,',
        'bob@,Bob,,,',
        ',No Email,,,',
        'noname@example.org,   ,,,',
        `long@example.org,${longName},,,`,
        'role@example.org,Role,admin,,',
        'id@example.org,Id,,has space,',
        `id2@example.org,Id Two,,${'x'.repeat(65)},`,
        'lang@example.org,Lang,,,pt_BR',
        'many@example.org,Smith, John,,,',
        'few@example.org,Few',
        'MESSY,,boss,#1,english',
        'ok2@example.org,Also Fine,trainer,,en',
      ].join('\n'),
    );
    expect(result.rows.map((entry) => entry.line)).toEqual([2, 14]);
    expect(result.problems).toEqual([
      { line: 3, column: 'email', message: '"bob@" is not an e-mail address' },
      { line: 4, column: 'email', message: 'an e-mail address is required' },
      { line: 5, column: 'full_name', message: 'a full name is required' },
      {
        line: 6,
        column: 'full_name',
        message: `"${'N'.repeat(59)}…" is longer than 200 characters`,
      },
      { line: 7, column: 'role', message: '"admin" is not a role: use participant or trainer' },
      {
        line: 8,
        column: 'external_id',
        message: '"has space" is not an external id: at most 64 letters, digits, dots, hyphens and underscores',
      },
      {
        line: 9,
        column: 'external_id',
        message: `"${'x'.repeat(59)}…" is not an external id: at most 64 letters, digits, dots, hyphens and underscores`,
      },
      { line: 10, column: 'language', message: '"pt_BR" is not a language tag: use one such as en, fr or pt-BR' },
      {
        line: 11,
        message: 'this row has 6 fields but the header has 5: put double quotes around a value that contains a comma',
      },
      {
        line: 12,
        message: 'this row has 2 fields but the header has 5: put double quotes around a value that contains a comma',
      },
      { line: 13, column: 'email', message: '"MESSY" is not an e-mail address' },
      { line: 13, column: 'full_name', message: 'a full name is required' },
      { line: 13, column: 'role', message: '"boss" is not a role: use participant or trainer' },
      {
        line: 13,
        column: 'external_id',
        message: '"#1" is not an external id: at most 64 letters, digits, dots, hyphens and underscores',
      },
      { line: 13, column: 'language', message: '"english" is not a language tag: use one such as en, fr or pt-BR' },
    ]);
  });

  it('should name the separator the file uses when a row has the wrong number of fields', () => {
    expect(problemsOf('email;full_name\na@example.org;A;B\n')).toEqual([
      {
        line: 2,
        message:
          'this row has 3 fields but the header has 2: put double quotes around a value that contains a semicolon',
      },
    ]);
  });

  it('should report a later duplicate email, in any case, naming the first line, and keep only the first row', () => {
    const result = parseEnrolmentCsv(
      'email,full_name\namina@example.sn,Amina\nkofi@example.gh,Kofi\nAmina@Example.SN,Amina again\namina@example.sn,Thrice\n',
    );
    expect(result.rows.map((entry) => entry.line)).toEqual([2, 3]);
    expect(result.problems).toEqual([
      { line: 4, column: 'email', message: '"amina@example.sn" is already on line 2' },
      { line: 5, column: 'email', message: '"amina@example.sn" is already on line 2' },
    ]);
  });

  it('should report a later duplicate external id naming the first line, even if that first row is bad', () => {
    const result = parseEnrolmentCsv(
      'email,full_name,external_id\na@example.org,A,ID-1\nb@example.org,,ID-2\nc@example.org,C,ID-1\nd@example.org,D,ID-2\ne@example.org,E,id-1\n',
    );
    expect(result.rows.map((entry) => entry.line)).toEqual([2, 6]);
    expect(result.problems).toEqual([
      { line: 3, column: 'full_name', message: 'a full name is required' },
      { line: 4, column: 'external_id', message: '"ID-1" is already on line 2' },
      { line: 5, column: 'external_id', message: '"ID-2" is already on line 3' },
    ]);
  });

  it('should refuse bytes that are not UTF-8 with one problem on line 1', () => {
    const expected = [{ line: 1, message: 'the file is not UTF-8: save it as CSV UTF-8' }];
    expect(parseEnrolmentCsv(Buffer.from([0x65, 0x6d, 0xff]))).toEqual({ rows: [], problems: expected });
    const latin1 = Buffer.from('email,full_name\njose@example.org,José\n', 'latin1');
    expect(parseEnrolmentCsv(latin1)).toEqual({ rows: [], problems: expected });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email,full_name\n', 'utf16le')]);
    expect(problemsOf(utf16)).toEqual(expected);
  });

  it('should name unknown columns and missing required columns on the header line', () => {
    expect(problemsOf('email,full_name,Phone,notes\na@example.org,A,1,x\n')).toEqual([
      {
        line: 1,
        message:
          'unknown columns "Phone", "notes": the columns are email, full_name, role, external_id, language, organization',
      },
    ]);
    expect(problemsOf('e-mail,name\n')).toEqual([
      {
        line: 1,
        message:
          'unknown columns "e-mail", "name": the columns are email, full_name, role, external_id, language, organization',
      },
      {
        line: 1,
        message:
          'missing required columns email, full_name: the first line must name the columns, e.g. email,full_name',
      },
    ]);
    expect(problemsOf('email,role\na@example.org,trainer\n')).toEqual([
      {
        line: 1,
        message: 'missing required column full_name: the first line must name the columns, e.g. email,full_name',
      },
    ]);
    expect(problemsOf('email,full_name,EMAIL\n')).toEqual([{ line: 1, message: 'the column email appears twice' }]);
  });

  it('should treat the first line that is not blank as the header', () => {
    expect(parseEnrolmentCsv('\r\n\r\nemail,full_name\r\na@example.org,A\r\n').rows).toEqual([
      row(4, 'a@example.org', 'A'),
    ]);
  });

  it('should report an empty file and a file with a header but no rows', () => {
    const empty = [
      { line: 1, message: 'the file is empty: its first line must name the columns, e.g. email,full_name' },
    ];
    expect(problemsOf('')).toEqual(empty);
    expect(problemsOf('\uFEFF\n\n')).toEqual(empty);
    expect(problemsOf(Buffer.alloc(0))).toEqual(empty);
    expect(problemsOf('email,full_name\n\n')).toEqual([{ line: 2, message: 'the file has no rows under the header' }]);
  });

  it('should report a quote that is never closed on the line where its record starts', () => {
    const result = parseEnrolmentCsv('email,full_name\na@example.org,A\nb@example.org,"B\nc@example.org,C\n');
    expect(result.rows).toEqual([row(2, 'a@example.org', 'A')]);
    expect(result.problems).toEqual([
      { line: 3, message: 'the double quote that opens a field on line 3 is never closed' },
    ]);
  });

  it('should report text after a closing quote, and keep a quote inside an unquoted field as text', () => {
    const result = parseEnrolmentCsv('email,full_name\na@example.org,"Say "hi" there"\nb@example.org,O"Brien\n');
    expect(result.rows).toEqual([row(3, 'b@example.org', 'O"Brien')]);
    expect(result.problems).toEqual([
      {
        line: 2,
        message: 'a double quote inside a quoted field must be doubled (""), or the field must not be quoted',
      },
    ]);
  });

  it(`should accept ${MAX_ENROLMENT_ROWS} rows and refuse one more with a single problem`, () => {
    const lines = (count: number) =>
      ['email,full_name', ...Array.from({ length: count }, (_, index) => `p${index}@example.org,Person ${index}`)].join(
        '\n',
      );
    const atLimit = parseEnrolmentCsv(lines(MAX_ENROLMENT_ROWS));
    expect(atLimit.problems).toEqual([]);
    expect(atLimit.rows).toHaveLength(MAX_ENROLMENT_ROWS);
    expect(parseEnrolmentCsv(`${lines(MAX_ENROLMENT_ROWS + 1)}\nnot-an-email,\n`)).toEqual({
      rows: [],
      problems: [{ line: MAX_ENROLMENT_ROWS + 2, message: 'too many rows: at most 5000 per file' }],
    });
  });

  it.each([
    'a@b.co',
    'first.last+tag@sub.example.org',
    "o'brien@example.ie",
    'x_y-z@mail-1.example.com',
    'user@xn--80ak6aa92e.xn--p1ai',
    `${'l'.repeat(64)}@example.org`,
  ])('should accept the e-mail address %s', (email) => {
    expect(problemsOf(`email,full_name\n${email},Someone\n`)).toEqual([]);
  });

  it.each([
    'bob@',
    '@example.org',
    'bob',
    'bob@localhost',
    'a..b@example.org',
    '.a@example.org',
    'a.@example.org',
    'a@-example.org',
    'a@example-.org',
    'a@example..org',
    'a@example.c',
    'a@example.123',
    'a b@example.org',
    'a@exa_mple.org',
    'a@@example.org',
    'josé@example.org',
    `${'l'.repeat(65)}@example.org`,
    `a@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(60)}.org`,
  ])('should refuse the e-mail address %s', (email) => {
    const problems = problemsOf(`email,full_name\n"${email}",Someone\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 'email' });
  });

  it.each([
    ['en', 'en'],
    ['FR', 'fr'],
    ['pt-br', 'pt-BR'],
    ['es-419', 'es-419'],
    ['zh-hant-tw', 'zh-Hant-TW'],
  ])('should accept the language tag %s as %s', (tag, canonical) => {
    expect(parseEnrolmentCsv(`email,full_name,language\na@example.org,A,${tag}\n`).rows[0]?.language).toBe(canonical);
  });

  it.each(['pt_BR', 'english', 'e', 'en-', 'x-klingon', 'en-US-u-ca-buddhist', '12'])(
    'should refuse the language tag %s',
    (tag) => {
      expect(problemsOf(`email,full_name,language\na@example.org,A,${tag}\n`)).toEqual([
        { line: 2, column: 'language', message: `"${tag}" is not a language tag: use one such as en, fr or pt-BR` },
      ]);
    },
  );

  it('should accept a full name of 200 characters, counting characters rather than UTF-16 units', () => {
    const name = '😀'.repeat(200);
    expect(parseEnrolmentCsv(`email,full_name\na@example.org,${name}\n`).rows[0]?.fullName).toBe(name);
  });

  it('should compose accents, so a name typed on a Mac matches the same name typed elsewhere', () => {
    expect(parseEnrolmentCsv('email,full_name\na@example.org,Jose\u0301\n').rows[0]?.fullName).toBe('Jos\u00e9');
  });
});

describe('formatEnrolmentProblems', () => {
  it('should write one line a problem, naming the column when there is one', () => {
    expect(
      formatEnrolmentProblems([
        { line: 1, message: 'unknown column "phone": the columns are email, full_name' },
        { line: 4, column: 'email', message: '"bob@" is not an e-mail address' },
      ]),
    ).toBe(
      'line 1: unknown column "phone": the columns are email, full_name\nline 4, email: "bob@" is not an e-mail address',
    );
    expect(formatEnrolmentProblems([])).toBe('');
  });
});

describe('parseEnrolmentCsv organization column', () => {
  it('should read the organization of each participant, trimmed with inner spaces collapsed, blank as none', () => {
    const result = parseEnrolmentCsv(
      [
        'email,full_name,organization',
        'bikash@example.org,Bikash Karki,"  Lalitpur   District Education Office "',
        'sunita@example.org,Sunita Maharjan,',
        'awa@example.sn,Awa Ndiaye,"Inspection d\'Académie de Dakar"',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      row(2, 'bikash@example.org', 'Bikash Karki', { organization: 'Lalitpur District Education Office' }),
      row(3, 'sunita@example.org', 'Sunita Maharjan'),
      row(4, 'awa@example.sn', 'Awa Ndiaye', { organization: "Inspection d'Académie de Dakar" }),
    ]);
  });

  it('should accept an organization of 200 characters and refuse 201, naming the line and column', () => {
    const longest = 'é'.repeat(200);
    expect(parseEnrolmentCsv(`email,full_name,organization\na@example.org,A,${longest}\n`).rows[0].organization).toBe(
      longest,
    );
    const problems = problemsOf(
      `email,full_name,Organization\na@example.org,A,ok\nb@example.org,B,${'x'.repeat(201)}\n`,
    );
    expect(problems).toEqual([
      { line: 3, column: 'organization', message: `"${'x'.repeat(59)}…" is longer than 200 characters` },
    ]);
  });

  it('should refuse an organization on a trainer row rather than drop it', () => {
    expect(
      problemsOf('email;full_name;role;organization\nt@example.org;Gita Thapa;trainer;Kathmandu Metropolitan\n'),
    ).toEqual([
      {
        line: 2,
        column: 'organization',
        message: 'an organization is recorded for participants only: leave it empty',
      },
    ]);
    expect(problemsOf('email;full_name;role;organization\nt@example.org;Gita Thapa;trainer;  \n')).toEqual([]);
  });
});

describe('parseEnrolmentCsv round trip', () => {
  type Column = 'email' | 'full_name' | 'role' | 'external_id' | 'language' | 'organization';
  interface GeneratedRow {
    email: string;
    words: string[];
    separators: string[];
    role: 'participant' | 'trainer' | null;
    externalId: string | null;
    language: string | null;
    organization: string | null;
  }

  const atom = fc.stringMatching(/^[A-Za-z0-9_+'-]{1,8}$/);
  const email = fc
    .tuple(
      fc.array(atom, { minLength: 1, maxLength: 3 }),
      fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 2 }),
      fc.stringMatching(/^[A-Za-z]{2,6}$/),
    )
    .map(([local, domain, topLevel]) => `${local.join('.')}@${[...domain, topLevel].join('.')}`);
  const nameCharacter = fc.constantFrom('a', 'Z', 'é', 'ñ', 'ß', 'Ø', '中', 'क्ष', '😀', '"', ',', ';', "'", '-', '.');
  const word = fc.array(nameCharacter, { minLength: 1, maxLength: 8 }).map((characters) => characters.join(''));
  const generatedRow: fc.Arbitrary<GeneratedRow> = fc.array(word, { minLength: 1, maxLength: 4 }).chain((words) =>
    fc.record({
      email,
      words: fc.constant(words),
      // Any run of spaces and line breaks between words reads back as one space.
      separators: fc.array(fc.constantFrom(' ', '  ', '\n', '\r\n', ' \n '), {
        minLength: words.length - 1,
        maxLength: words.length - 1,
      }),
      role: fc.constantFrom('participant' as const, 'trainer' as const, null),
      externalId: fc.option(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/)),
      language: fc.constantFrom(null, 'en', 'fr', 'pt-BR', 'es-419', 'zh-Hant-TW', 'sw'),
      organization: fc.option(fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join('  '))),
    }),
  );

  function quote(value: string, delimiter: string, always: boolean): string {
    return always || /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  it('should read back exactly the rows a properly quoting writer wrote', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(generatedRow, { minLength: 1, maxLength: 15, selector: (entry) => entry.email.toLowerCase() }),
        fc.shuffledSubarray<Column>(['role', 'external_id', 'language', 'organization']),
        fc.nat(),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.record({ bom: fc.boolean(), trailingLineEnd: fc.boolean(), bytes: fc.boolean(), quoteAll: fc.boolean() }),
        (generated, optional, requiredAt, delimiter, lineEnd, options) => {
          const columns: Column[] = [...optional];
          columns.splice(requiredAt % (columns.length + 1), 0, 'email');
          columns.splice((requiredAt >> 2) % (columns.length + 1), 0, 'full_name');
          const seenIds = new Set<string>();
          const entries = generated.map((given) => {
            // Trainers carry no organization.
            const isTrainer = columns.includes('role') && given.role === 'trainer';
            const entry = isTrainer ? { ...given, organization: null } : given;
            if (entry.externalId === null || seenIds.has(entry.externalId)) return { ...entry, externalId: null };
            seenIds.add(entry.externalId);
            return entry;
          });

          let text = columns.join(delimiter) + lineEnd;
          const expected: EnrolmentRow[] = [];
          for (const entry of entries) {
            const fullName = entry.words.map((part, index) =>
              index === 0 ? part : entry.separators[index - 1] + part,
            );
            const cells: Record<Column, string> = {
              email: entry.email,
              full_name: fullName.join(''),
              role: entry.role ?? '',
              external_id: entry.externalId ?? '',
              language: entry.language ?? '',
              organization: entry.organization ?? '',
            };
            expected.push({
              line: text.split(/\r\n|\r|\n/).length,
              email: entry.email.toLowerCase(),
              fullName: entry.words.join(' '),
              role: columns.includes('role') ? (entry.role ?? 'participant') : 'participant',
              externalId: columns.includes('external_id') ? entry.externalId : null,
              language: columns.includes('language') ? entry.language : null,
              organization: columns.includes('organization') ? (entry.organization?.replace(/ +/g, ' ') ?? null) : null,
            });
            text += columns.map((column) => quote(cells[column], delimiter, options.quoteAll)).join(delimiter);
            text += lineEnd;
          }
          if (!options.trailingLineEnd) text = text.slice(0, -lineEnd.length);
          if (options.bom) text = `\uFEFF${text}`;

          const result = parseEnrolmentCsv(options.bytes ? Buffer.from(text, 'utf8') : text);
          expect(result.problems).toEqual([]);
          expect(result.rows).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
