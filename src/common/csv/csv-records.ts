/** One record of a CSV file: its first line (for error messages), its fields, and what is malformed in it. */
export interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

/**
 * RFC 4180 records, lazily so an oversized file is not read to its end. Also accepts LF and lone CR (older Mac
 * exports) as line ends. A quote inside an unquoted field is kept as text, as spreadsheets read it.
 */
export function* readCsvRecords(text: string, delimiter = ','): Generator<CsvRecord, void, undefined> {
  const isLineEnd = (char: string | undefined) => char === '\n' || char === '\r';
  let index = 0;
  let line = 1;
  while (index < text.length) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let field = '';
      if (text[index] === '"') {
        const openedOn = line;
        let closed = false;
        index++;
        while (index < text.length) {
          const char = text[index];
          if (char === '"') {
            if (text[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index++;
            closed = true;
            break;
          }
          if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line++;
          field += char;
          index++;
        }
        if (!closed) record.error ??= `the double quote that opens a field on line ${openedOn} is never closed`;
        const rest = index;
        while (index < text.length && text[index] !== delimiter && !isLineEnd(text[index])) index++;
        if (index > rest) {
          record.error ??= 'a double quote inside a quoted field must be doubled (""), or the field must not be quoted';
          field += text.slice(rest, index);
        }
      } else {
        const start = index;
        while (index < text.length && text[index] !== delimiter && !isLineEnd(text[index])) index++;
        field = text.slice(start, index);
      }
      record.fields.push(field);
      if (text[index] !== delimiter) break;
      index++;
    }
    // The field loop stops only at a line end or the end of the text.
    const lineEndLength = text.startsWith('\r\n', index) ? 2 : isLineEnd(text[index]) ? 1 : 0;
    if (lineEndLength > 0) {
      index += lineEndLength;
      line++;
    }
    yield record;
  }
}
