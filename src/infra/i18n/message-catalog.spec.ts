import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MessageCatalog } from './message-catalog.js';

function catalogueDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('MessageCatalog', () => {
  it('should format nested keys with ICU plurals in each locale', () => {
    const catalog = new MessageCatalog([
      catalogueDir({
        'en.yaml': 'reviews:\n  in: "{done} of {count, plural, one {# review is} other {# reviews are}} in"\n',
        'fr.yaml':
          'reviews:\n  in: "{done} sur {count, plural, one {# évaluation reçue} other {# évaluations reçues}}"\n',
      }),
    ]);
    expect(catalog.format('en', 'reviews.in', { done: 2, count: 3 })).toBe('2 of 3 reviews are in');
    expect(catalog.format('fr', 'reviews.in', { done: 1, count: 1 })).toBe('1 sur 1 évaluation reçue');
  });

  it('should fall back to English for a key missing in a locale, and throw for an unknown key', () => {
    const catalog = new MessageCatalog([
      catalogueDir({ 'en.yaml': 'a: Alpha\nb: Beta\n', 'fr.yaml': 'a: Alpha FR\n' }),
    ]);
    expect(catalog.format('fr', 'b')).toBe('Beta');
    expect(() => catalog.format('fr', 'c')).toThrow('No message c');
  });

  it('should keep French apostrophes as text', () => {
    const catalog = new MessageCatalog([
      catalogueDir({ 'en.yaml': 'a: x\n', 'fr.yaml': 'a: "l\'établissement d\'{name}"\n' }),
    ]);
    expect(catalog.format('fr', 'a', { name: 'Ana' })).toBe("l'établissement d'Ana");
  });

  it('should refuse a key defined in two files, naming both places', () => {
    const first = catalogueDir({ 'en.yaml': 'shared:\n  title: One\n' });
    const second = catalogueDir({ 'en.yaml': 'other: x\nshared:\n  title: Two\n' });
    expect(() => new MessageCatalog([first, second])).toThrow(
      `${path.join(second, 'en.yaml')}:3: shared.title is already defined at ${path.join(first, 'en.yaml')}:2`,
    );
  });

  it('should refuse a message that is not valid ICU, and an unsupported locale file, naming the file', () => {
    const broken = catalogueDir({ 'en.yaml': 'ok: fine\nbad: "{count, plural, one {x}"\n' });
    expect(() => new MessageCatalog([broken])).toThrow(
      `${path.join(broken, 'en.yaml')}:2: bad is not a valid ICU message`,
    );
    const german = catalogueDir({ 'de.yaml': 'a: b\n' });
    expect(() => new MessageCatalog([german])).toThrow('de is not a supported locale');
  });

  it('should refuse a list where a text is expected', () => {
    const dir = catalogueDir({ 'en.yaml': 'a:\n  - x\n' });
    expect(() => new MessageCatalog([dir])).toThrow(
      `${path.join(dir, 'en.yaml')}:2: a must be a text or a map of texts`,
    );
  });
});
