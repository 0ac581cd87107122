import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { IntlMessageFormat } from 'intl-messageformat';
import { MessageCatalog } from './message-catalog.js';
import { SUPPORTED_LOCALES, type Locale } from './locales.js';

const SRC = path.join(import.meta.dirname, '..', '..');
const MODULES = path.join(SRC, 'modules');
const features = readdirSync(MODULES).filter((name) => existsSync(path.join(MODULES, name, 'views')));
const catalog = new MessageCatalog([
  path.join(SRC, 'infra', 'i18n', 'messages'),
  ...features.map((feature) => path.join(MODULES, feature, 'i18n')),
]);

/** The argument names a message uses, so a translation cannot drop or rename a placeholder. */
function argumentsOf(text: string, locale: Locale): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (element.type !== 0 && typeof element.value === 'string') names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text.replaceAll("'", "''"), locale, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

function viewFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : viewFiles(full);
    return entry.name.endsWith('.hbs') ? [full] : [];
  });
}

describe('the interface catalogues', () => {
  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== 'en'))(
    'should translate every English key into %s',
    (locale) => {
      const missing = catalog.keys('en').filter((key) => catalog.source(locale, key) === undefined);
      const unknown = catalog.keys(locale).filter((key) => !catalog.has(key));
      expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    },
  );

  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== 'en'))(
    'should keep the placeholders of each message in %s',
    (locale) => {
      const differing = catalog
        .keys(locale)
        .filter((key) => catalog.has(key))
        .filter(
          (key) =>
            argumentsOf(catalog.source('en', key)!, 'en').join() !==
            argumentsOf(catalog.source(locale, key)!, locale).join(),
        );
      expect(differing).toEqual([]);
    },
  );

  it('should define every key a view asks for', () => {
    const asked = viewFiles(SRC).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/[{(]~?\s*t\s+"([^"]+)"/g)].map((match) => ({
        file: path.relative(SRC, file),
        key: match[1],
      })),
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter(({ key }) => !catalog.has(key))).toEqual([]);
  });
});
