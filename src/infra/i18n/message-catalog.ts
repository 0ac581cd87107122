import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from './locales.js';

/** Values a message may interpolate: `{name}`, `{count, plural, ...}`, `{when, date, long}`. */
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

export class MessageCatalogError extends Error {}

interface SourceMessage {
  text: string;
  /** file:line, for errors. */
  origin: string;
}

/**
 * Every interface string, by dotted key (`peerReview.moderation.title`), in each supported locale, as ICU
 * MessageFormat. Catalogues are YAML files named `<locale>.yaml` in the shared folder and in each feature's
 * `i18n/` folder, so a feature owns its strings; a key defined twice is refused at start-up, as is a message
 * that does not parse. A key missing in a locale falls back to English (the catalogue test keeps French complete);
 * a key missing in English is a programming error and throws, as strict templates do for missing fields.
 */
export class MessageCatalog {
  private readonly sources = new Map<Locale, Map<string, SourceMessage>>();
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(dirs: string[]) {
    for (const locale of SUPPORTED_LOCALES) this.sources.set(locale, new Map());
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
        const locale = file.slice(0, -'.yaml'.length);
        const messages = this.sources.get(locale as Locale);
        if (!messages) throw new MessageCatalogError(`${path.join(dir, file)}: ${locale} is not a supported locale`);
        loadFile(path.join(dir, file), messages);
      }
    }
    for (const [locale, messages] of this.sources) {
      for (const [key, message] of messages) this.compile(locale, key, message);
    }
  }

  has(key: string): boolean {
    return this.sources.get(DEFAULT_LOCALE)!.has(key);
  }

  keys(locale: Locale): string[] {
    return [...this.sources.get(locale)!.keys()];
  }

  /** The raw ICU text of a key in a locale, or undefined (for the catalogue checks). */
  source(locale: Locale, key: string): string | undefined {
    return this.sources.get(locale)!.get(key)?.text;
  }

  format(locale: Locale, key: string, values?: MessageValues): string {
    const own = this.sources.get(locale)!.get(key);
    const useLocale = own ? locale : DEFAULT_LOCALE;
    if (!own && !this.sources.get(DEFAULT_LOCALE)!.has(key)) throw new MessageCatalogError(`No message ${key}`);
    const formatted = this.compiled.get(`${useLocale}\u0000${key}`)!.format(values);
    return Array.isArray(formatted) ? formatted.join('') : String(formatted);
  }

  private compile(locale: Locale, key: string, message: SourceMessage): void {
    try {
      // An ASCII apostrophe is always text: ICU would read `d'{name}` as a quoted literal, a trap in French.
      this.compiled.set(
        `${locale}\u0000${key}`,
        new IntlMessageFormat(message.text.replaceAll("'", "''"), locale, undefined, { ignoreTag: true }),
      );
    } catch (error) {
      throw new MessageCatalogError(
        `${message.origin}: ${key} is not a valid ICU message: ${(error as Error).message}`,
      );
    }
  }
}

function loadFile(file: string, into: Map<string, SourceMessage>): void {
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length) {
    const error = document.errors[0];
    throw new MessageCatalogError(`${file}:${(error.linePos?.[0].line ?? 1).toString()}: ${error.message}`);
  }
  const lineOf = (node: Node | null) => {
    const offset = node?.range?.[0] ?? 0;
    return text.slice(0, offset).split('\n').length;
  };
  const walk = (node: Node | null, prefix: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key))
          throw new MessageCatalogError(`${file}:${lineOf(pair.key as Node)}: key "${key}" must be a plain identifier`);
        walk(pair.value as Node, prefix ? `${prefix}.${key}` : key);
      }
      return;
    }
    if (isScalar(node) && typeof node.value === 'string') {
      const origin = `${file}:${lineOf(node)}`;
      const existing = into.get(prefix);
      if (existing) throw new MessageCatalogError(`${origin}: ${prefix} is already defined at ${existing.origin}`);
      into.set(prefix, { text: node.value, origin });
      return;
    }
    throw new MessageCatalogError(`${file}:${lineOf(node)}: ${prefix} must be a text or a map of texts`);
  };
  walk(document.contents, '');
}
