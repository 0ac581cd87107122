/**
 * Just enough XML for XLIFF: escaping that survives any string, and a strict, non-validating parser that reports
 * malformed input with its line instead of guessing (a lenient parser would let a broken file import half-read).
 */

/** Characters XML 1.0 cannot carry even as character references (C0 controls except TAB, LF, CR; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must be found
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/u;

// Without the u flag a regex sees UTF-16 code units, so it can find a surrogate with no partner.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class XmlTextError extends Error {}

/** Refuses text that is not well-formed Unicode: a lone surrogate has no code point to encode. */
export function assertWellFormedText(text: string, what: string): void {
  if (LONE_SURROGATE.test(text)) throw new XmlTextError(`${what} contains a lone surrogate (broken UTF-16)`);
}

/**
 * Text content. XLIFF's `<cp hex=".."/>` carries the characters XML forbids; CR is written as a reference because
 * parsers turn CR LF into LF, which would change the text on the way back.
 */
export function xmlText(text: string, what: string): string {
  assertWellFormedText(text, what);
  let out = '';
  for (const char of text) {
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '\r') out += '&#xD;';
    else if (FORBIDDEN_CHARACTER.test(char))
      out += `<cp hex="${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}"/>`;
    else out += char;
  }
  return out;
}

/** Attribute values: whitespace other than space is referenced so attribute normalisation leaves it alone. */
export function xmlAttribute(value: string, what: string): string {
  assertWellFormedText(value, what);
  if (FORBIDDEN_CHARACTER.test(value)) throw new XmlTextError(`${what} contains a control character XML forbids`);
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#x9;')
    .replaceAll('\n', '&#xA;')
    .replaceAll('\r', '&#xD;');
}

/** For display only (a `disp` attribute): the characters XML forbids become U+FFFD. */
export function withoutForbiddenXmlCharacters(text: string): string {
  return text.replace(new RegExp(FORBIDDEN_CHARACTER.source, 'gu'), '\uFFFD');
}

export function hasForbiddenXmlCharacter(text: string): boolean {
  return FORBIDDEN_CHARACTER.test(text);
}

export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: Map<string, string>;
  children: XmlNode[];
  line: number;
}

export interface XmlTextNode {
  kind: 'text';
  text: string;
  line: number;
}

export type XmlNode = XmlElement | XmlTextNode;

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; line: number; message: string };

class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_:][\w.:-]*/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses a whole document: one root element, comments, processing instructions, CDATA, the five predefined
 * entities and character references. A DOCTYPE is refused (no entity expansion from files we did not write).
 */
export function parseXml(input: string): XmlParseResult {
  try {
    return { ok: true, root: new Parser(input.replace(/^\uFEFF/u, '')).document() };
  } catch (error) {
    if (error instanceof XmlSyntaxError) return { ok: false, line: error.line, message: error.message };
    throw error;
  }
}

class Parser {
  private index = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    if (LONE_SURROGATE.test(this.text)) throw this.fail('the file is not valid UTF-8 / UTF-16 text');
    if (this.text.startsWith('<?xml')) this.processingInstruction();
    this.misc();
    if (this.text.startsWith('<!DOCTYPE', this.index)) throw this.fail('a DOCTYPE is not allowed');
    if (this.text[this.index] !== '<') throw this.fail('the document must start with an element');
    const root = this.element();
    this.misc();
    if (this.index < this.text.length) throw this.fail('text after the root element');
    return root;
  }

  private misc(): void {
    for (;;) {
      this.whitespace();
      if (this.text.startsWith('<!--', this.index)) this.comment();
      else if (this.text.startsWith('<?', this.index)) this.processingInstruction();
      else return;
    }
  }

  private element(): XmlElement {
    const line = this.line;
    this.expect('<');
    const name = this.name('element name');
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.whitespace();
      if (this.text.startsWith('/>', this.index)) {
        this.index += 2;
        return { kind: 'element', name, attributes, children: [], line };
      }
      if (this.text[this.index] === '>') {
        this.index++;
        break;
      }
      if (!hadSpace) throw this.fail(`expected whitespace, ">" or "/>" in <${name}>`);
      const attribute = this.name('attribute name');
      this.whitespace();
      this.expect('=');
      this.whitespace();
      const quote = this.text[this.index];
      if (quote !== '"' && quote !== "'") throw this.fail(`the value of ${attribute} must be quoted`);
      this.index++;
      const end = this.text.indexOf(quote, this.index);
      if (end < 0) throw this.fail(`the value of ${attribute} is never closed`);
      const raw = this.text.slice(this.index, end);
      if (raw.includes('<')) throw this.fail(`"<" in the value of ${attribute}`);
      // Attribute-value normalisation: literal whitespace becomes a space; references keep theirs.
      const value = this.decode(raw.replace(/\r\n|[\t\n\r]/gu, ' '));
      this.advance(end + 1);
      if (attributes.has(attribute)) throw this.fail(`attribute ${attribute} is repeated in <${name}>`);
      attributes.set(attribute, value);
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (this.index >= this.text.length) throw this.fail(`<${name}> (line ${line}) is never closed`);
      if (this.text.startsWith('</', this.index)) {
        this.index += 2;
        const closing = this.name('closing tag name');
        this.whitespace();
        this.expect('>');
        if (closing !== name) throw this.fail(`</${closing}> closes <${name}> opened on line ${line}`);
        return { kind: 'element', name, attributes, children, line };
      }
      if (this.text.startsWith('<!--', this.index)) this.comment();
      else if (this.text.startsWith('<![CDATA[', this.index)) {
        const textLine = this.line;
        const end = this.text.indexOf(']]>', this.index);
        if (end < 0) throw this.fail('a CDATA section is never closed');
        this.pushText(children, this.text.slice(this.index + 9, end).replace(/\r\n?/gu, '\n'), textLine);
        this.advance(end + 3);
      } else if (this.text.startsWith('<?', this.index)) this.processingInstruction();
      else if (this.text[this.index] === '<') children.push(this.element());
      else {
        const textLine = this.line;
        const end = this.text.indexOf('<', this.index);
        const stop = end < 0 ? this.text.length : end;
        const raw = this.text.slice(this.index, stop);
        if (raw.includes(']]>')) throw this.fail('"]]>" is not allowed in text');
        this.pushText(children, this.decode(raw.replace(/\r\n?/gu, '\n')), textLine);
        this.advance(stop);
      }
    }
  }

  private pushText(children: XmlNode[], text: string, line: number): void {
    const last = children.at(-1);
    if (last?.kind === 'text') last.text += text;
    else children.push({ kind: 'text', text, line });
  }

  private decode(raw: string): string {
    if (FORBIDDEN_CHARACTER.test(raw)) throw this.fail('a control character XML forbids');
    return raw.replace(/&([^;&\s]*);?/gu, (match, body: string) => {
      if (!match.endsWith(';')) throw this.fail('"&" must be written &amp;');
      if (body in ENTITIES) return ENTITIES[body];
      const reference = /^#(x[0-9A-Fa-f]+|[0-9]+)$/u.exec(body);
      if (!reference) throw this.fail(`unknown entity &${body};`);
      const codePoint = reference[1].startsWith('x')
        ? Number.parseInt(reference[1].slice(1), 16)
        : Number.parseInt(reference[1], 10);
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        throw this.fail(`bad reference ${match}`);
      const char = String.fromCodePoint(codePoint);
      if (FORBIDDEN_CHARACTER.test(char) || codePoint === 0) throw this.fail(`${match} is a character XML forbids`);
      return char;
    });
  }

  private comment(): void {
    const end = this.text.indexOf('-->', this.index + 4);
    if (end < 0) throw this.fail('a comment is never closed');
    this.advance(end + 3);
  }

  private processingInstruction(): void {
    const end = this.text.indexOf('?>', this.index);
    if (end < 0) throw this.fail('a processing instruction is never closed');
    this.advance(end + 2);
  }

  private name(what: string): string {
    const match = NAME.exec(this.text.slice(this.index, this.index + 200));
    if (!match) throw this.fail(`expected an ${what}`);
    this.index += match[0].length;
    return match[0];
  }

  private whitespace(): boolean {
    const start = this.index;
    while (/[ \t\r\n]/u.test(this.text[this.index] ?? '')) {
      if (this.text[this.index] === '\n') this.line++;
      this.index++;
    }
    return this.index > start;
  }

  private expect(char: string): void {
    if (this.text[this.index] !== char) throw this.fail(`expected "${char}"`);
    this.index++;
  }

  private advance(to: number): void {
    for (let position = this.index; position < to; position++) if (this.text[position] === '\n') this.line++;
    this.index = to;
  }

  private fail(message: string): XmlSyntaxError {
    return new XmlSyntaxError(this.line, `malformed XML: ${message}`);
  }
}
