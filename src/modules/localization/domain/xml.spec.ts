import { describe, expect, it } from '@jest/globals';
import { parseXml, xmlAttribute, xmlText } from './xml.js';

describe('parseXml', () => {
  it.each([
    ['<a><b></a>', 1, 'malformed XML: </a> closes <b> opened on line 1'],
    ['<a>\n\n<b>', 3, 'malformed XML: <b> (line 3) is never closed'],
    ['<a x=1/>', 1, 'malformed XML: the value of x must be quoted'],
    ['<a x="1" x="2"/>', 1, 'malformed XML: attribute x is repeated in <a>'],
    ['<a/>\ntext', 2, 'malformed XML: text after the root element'],
    ['<a>fish & chips</a>', 1, 'malformed XML: "&" must be written &amp;'],
    ['<a>&#1;</a>', 1, 'malformed XML: &#1; is a character XML forbids'],
    ['<a>\u0001</a>', 1, 'malformed XML: a control character XML forbids'],
    ['<a><!-- open</a>', 1, 'malformed XML: a comment is never closed'],
    ['', 1, 'malformed XML: the document must start with an element'],
  ])('should refuse %j at line %i', (input, line, message) => {
    expect(parseXml(input)).toEqual({ ok: false, line, message });
  });

  it('should read text, references, CDATA and attributes as XML defines (CR LF read as LF, &#xD; kept)', () => {
    const parsed = parseXml(
      '<?xml version="1.0"?>\n<a b="x&#xA;y\tz">one\r\ntwo&#xD;<![CDATA[<raw> & ]]>&lt;&#x1F389;</a>',
    );

    expect(parsed).toEqual({
      ok: true,
      root: {
        kind: 'element',
        name: 'a',
        attributes: new Map([['b', 'x\ny z']]),
        children: [{ kind: 'text', text: 'one\ntwo\r<raw> & <🎉', line: 2 }],
        line: 2,
      },
    });
  });
});

describe('xmlText and xmlAttribute', () => {
  it('should write any string so the parser gives it back', () => {
    const text = 'a < b & c > d "e" \'f\' \r\n\t مرحبا 🎉';
    const parsed = parseXml(`<a v="${xmlAttribute(text, 'test')}">${xmlText(text, 'test')}</a>`);

    expect(parsed.ok && parsed.root.attributes.get('v')).toBe(text);
    expect(parsed.ok && parsed.root.children).toEqual([{ kind: 'text', text, line: 1 }]);
  });

  it('should refuse a control character in an attribute and a lone surrogate anywhere', () => {
    expect(() => xmlAttribute('bell \u0007', 'the id')).toThrow('the id contains a control character XML forbids');
    expect(() => xmlText('\uDC00 alone', 'unit x')).toThrow('unit x contains a lone surrogate (broken UTF-16)');
  });
});
