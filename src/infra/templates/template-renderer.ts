import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { MessageCatalog, type MessageValues } from '../i18n/message-catalog.js';
import { SUPPORTED_LOCALES, textDirectionOf, type Locale } from '../i18n/locales.js';

export interface PageFrame {
  /** Already in the page's locale (the controller formats it through the catalogue). */
  title: string;
  description?: string;
  /** Breadcrumb trail, from the home page to the parent of this page. */
  trail?: { href: string; label: string }[];
  /** A script enhancement to load (see `scripts`); the page must work without it. */
  script?: string;
}

/** The signed-in person a page is rendered for; null renders the public header. */
export interface Viewer {
  name: string;
  csrfToken: string;
  unreadNotifications: number;
}

const SHARED_VIEWS = path.join(import.meta.dirname, 'views');
const SHARED_MESSAGES = path.join(import.meta.dirname, '..', 'i18n', 'messages');
const STYLESHEET_PATH = path.join(import.meta.dirname, 'assets', 'app.css');
const SCRIPT_DIR = path.join(import.meta.dirname, 'assets');

/** A static file served under a content-hashed name, so browsers keep it for a year. */
export interface HashedAsset {
  body: string;
  href: string;
  etag: string;
  contentType: string;
}

/**
 * Compiles every view once at start-up, in strict mode so a missing field fails loudly instead of
 * rendering an empty string. Views are `<name>.hbs` files in the shared folder and the feature folders given.
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  readonly stylesheet: HashedAsset;
  /**
   * Optional enhancements by name (e.g. `quiz-autosave`): pages work without them, and only the pages that
   * name one load it, so every other page stays script-free.
   */
  readonly scripts = new Map<string, HashedAsset>();
  /** Interface strings: the shared catalogue and each feature's `i18n/` folder beside its `views/`. */
  readonly messages: MessageCatalog;

  constructor(featureViewDirs: string[]) {
    this.messages = new MessageCatalog([
      SHARED_MESSAGES,
      ...featureViewDirs.map((dir) => path.join(dir, '..', 'i18n')),
    ]);
    this.stylesheet = hashedAsset(readFileSync(STYLESHEET_PATH, 'utf8'), 'app', 'css', 'text/css; charset=utf-8');
    for (const file of readdirSync(SCRIPT_DIR).filter((name) => name.endsWith('.js'))) {
      const name = file.slice(0, -'.js'.length);
      const body = readFileSync(path.join(SCRIPT_DIR, file), 'utf8');
      this.scripts.set(name, hashedAsset(body, name, 'js', 'text/javascript; charset=utf-8'));
    }

    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('plural', (count: number, one: string, many: string) => (count === 1 ? one : many));
    registerLocaleHelpers(this.handlebars, this.messages);
    for (const dir of [SHARED_VIEWS, ...featureViewDirs]) {
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
        const name = file.slice(0, -'.hbs'.length);
        if (this.templates.has(name)) throw new Error(`Two views are named ${name} (in ${dir})`);
        const source = readFileSync(path.join(dir, file), 'utf8');
        if (name.startsWith('_')) this.handlebars.registerPartial(name.slice(1), source);
        this.templates.set(name, this.handlebars.compile(source, { strict: true, preventIndent: true }));
      }
    }
  }

  /** Renders a view inside the page layout. */
  renderPage(view: string, frame: PageFrame, context: object, viewer: Viewer | null, locale: Locale): string {
    return this.renderLayout(frame, this.renderView(view, context, locale), viewer, locale);
  }

  /** A view in a locale: `{{t}}` and the date and number helpers read it from the template data. */
  renderView(view: string, context: object, locale: Locale): string {
    return this.template(view)(context, { data: { locale } });
  }

  /** An interface string in a locale, for page titles, redirects' notices and mails built in code. */
  t(locale: Locale, key: string, values?: MessageValues): string {
    return this.messages.format(locale, key, values);
  }

  /** The layout around an already rendered body: cheap, so a cached body can get a personal header. */
  renderLayout(frame: PageFrame, body: string, viewer: Viewer | null, locale: Locale): string {
    return this.template('layout')(
      {
        title: frame.title,
        locale,
        dir: textDirectionOf(locale),
        languages: SUPPORTED_LOCALES.filter((other) => other !== locale).map((other) => ({
          code: other,
          name: this.messages.format(other, 'layout.languageName'),
        })),
        description: frame.description ?? null,
        trail: frame.trail ?? [],
        stylesheet: this.stylesheet.href,
        script: frame.script ? this.scriptHref(frame.script) : null,
        viewer,
        body,
      },
      { data: { locale } },
    );
  }

  scriptHref(name: string): string {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`No script named ${name}`);
    return script.href;
  }

  /** The stylesheet or a script by its hashed path, or undefined. */
  assetAt(href: string): HashedAsset | undefined {
    if (href === this.stylesheet.href) return this.stylesheet;
    return [...this.scripts.values()].find((script) => script.href === href);
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No view named ${name}`);
    return template;
  }
}

/**
 * `{{t "key" name=value}}` formats an ICU message; `{{formatDate d}}`, `{{formatDateTime d timeZone=tz}}`,
 * `{{formatNumber n}}` and `{{formatPercent ratio}}` follow the locale's conventions. The locale comes from
 * the render call's data, so partials see it too. Shared by pages and mails (MailRenderer).
 */
export function registerLocaleHelpers(handlebars: typeof Handlebars, messages: MessageCatalog): void {
  const localeOf = (options: Handlebars.HelperOptions): Locale => {
    const locale = (options.data as { locale?: Locale } | undefined)?.locale;
    if (!locale) throw new Error('A view using {{t}} was rendered without a locale');
    return locale;
  };
  // `{{t "key" name=value}}`, or `{{t message}}` for a `{ key, values }` a page model built in code.
  handlebars.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    if (isMessage(key)) return messages.format(localeOf(options), key.key, { ...key.values, ...options.hash });
    if (typeof key !== 'string') throw new Error(`{{t}} needs a message key, got ${String(key)}`);
    return messages.format(localeOf(options), key, options.hash as MessageValues);
  });
  // `<div{{langAttr course.language}}>`: marks content written in another language than the page's.
  handlebars.registerHelper('langAttr', (language: unknown, options: Handlebars.HelperOptions) => {
    if (typeof language !== 'string' || !language) return '';
    const primary = (tag: string) => tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary(language) === primary(localeOf(options))) return '';
    return new handlebars.SafeString(` lang="${handlebars.escapeExpression(language)}"`);
  });
  const asDate = (value: unknown) => (value instanceof Date ? value : new Date(value as string));
  handlebars.registerHelper('formatDate', (value: unknown, options: Handlebars.HelperOptions) =>
    value === null || value === undefined
      ? ''
      : formatterFor(localeOf(options), 'date', options.hash as FormatOptions).format(asDate(value)),
  );
  handlebars.registerHelper('formatDateTime', (value: unknown, options: Handlebars.HelperOptions) =>
    value === null || value === undefined
      ? ''
      : formatterFor(localeOf(options), 'dateTime', options.hash as FormatOptions).format(asDate(value)),
  );
  handlebars.registerHelper('formatNumber', (value: unknown, options: Handlebars.HelperOptions) =>
    value === null || value === undefined
      ? ''
      : numberFormatterFor(localeOf(options), 'number', options.hash as FormatOptions).format(Number(value)),
  );
  handlebars.registerHelper('formatPercent', (value: unknown, options: Handlebars.HelperOptions) =>
    value === null || value === undefined
      ? ''
      : numberFormatterFor(localeOf(options), 'percent', options.hash as FormatOptions).format(Number(value)),
  );
}

interface FormatOptions {
  timeZone?: string;
  /** Fraction digits shown at most (numbers and percentages). */
  digits?: number;
}

/** English pages write dates the British way ("5 March 2026"), as Cascade always has. */
const INTL_LOCALES: Record<Locale, string> = { en: 'en-GB', fr: 'fr' };

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const numberFormatters = new Map<string, Intl.NumberFormat>();

/** Formatters are costly to build: one per locale, kind and option set, kept for the process. */
export function formatterFor(
  locale: Locale,
  kind: 'date' | 'dateTime',
  options: FormatOptions = {},
): Intl.DateTimeFormat {
  const timeZone = options.timeZone ?? 'UTC';
  const key = `${locale}|${kind}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(
      INTL_LOCALES[locale],
      kind === 'date' ? { dateStyle: 'long', timeZone } : { dateStyle: 'long', timeStyle: 'short', timeZone },
    );
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormatterFor(
  locale: Locale,
  kind: 'number' | 'percent',
  options: FormatOptions = {},
): Intl.NumberFormat {
  const digits = options.digits ?? (kind === 'percent' ? 0 : 2);
  const key = `${locale}|${kind}|${digits}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: kind === 'percent' ? 'percent' : 'decimal',
      maximumFractionDigits: digits,
    });
    numberFormatters.set(key, formatter);
  }
  return formatter;
}

function isMessage(value: unknown): value is { key: string; values?: MessageValues } {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}

function hashedAsset(body: string, name: string, extension: string, contentType: string): HashedAsset {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, href: `/assets/${name}-${digest}.${extension}`, etag: `"${digest}"`, contentType };
}
