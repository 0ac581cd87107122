import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const STYLESHEET = path.join(import.meta.dirname, 'assets', 'app.css');

/**
 * Declarations that place things by the physical left or right, which a right-to-left page would get backwards:
 * `margin-left`, `left:`, `float: right`, `text-align: left`, and four-value `margin`/`padding`/`inset`
 * shorthands whose right and left differ.
 */
export function physicalDeclarations(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, (match) => match.replace(/[^\n]/g, ''));
  const found: string[] = [];
  withoutComments.split('\n').forEach((line, index) => {
    for (const declaration of line.matchAll(/([a-z-]+)\s*:\s*([^;{}]+)/g)) {
      const [, property, value] = declaration;
      const words = value.trim().split(/\s+/);
      const physical =
        /(^|-)(left|right)(-|$)/.test(property) ||
        (/^(float|clear|text-align|caption-side)$/.test(property) && /\b(left|right)\b/.test(value)) ||
        (/^(margin|padding|inset|border-width|border-style|border-color)$/.test(property) &&
          words.length === 4 &&
          words[1] !== words[3]);
      if (physical) found.push(`app.css:${(index + 1).toString()}: ${declaration[0].trim()}`);
    }
  });
  return found;
}

describe('the stylesheet', () => {
  it('should find physical left and right declarations', () => {
    expect(
      physicalDeclarations('.a { margin-left: 1rem; float: right; padding: 0 1rem 0 2rem; }\n.b { left: 0 }'),
    ).toEqual([
      'app.css:1: margin-left: 1rem',
      'app.css:1: float: right',
      'app.css:1: padding: 0 1rem 0 2rem',
      'app.css:2: left: 0',
    ]);
    expect(
      physicalDeclarations('.a { margin-inline-start: 1rem; text-align: start; padding: 0 1rem 0 1rem; }'),
    ).toEqual([]);
  });

  it('should use logical properties only, so right-to-left pages mirror', () => {
    expect(physicalDeclarations(readFileSync(STYLESHEET, 'utf8'))).toEqual([]);
  });
});
