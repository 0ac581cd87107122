import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { MessageCatalog, type MessageValues } from '../i18n/message-catalog.js';
import { DEFAULT_LOCALE, supportedLocaleOf, type Locale } from '../i18n/locales.js';
import { registerLocaleHelpers } from '../templates/template-renderer.js';

const MODULES_DIR = path.join(import.meta.dirname, '..', '..', 'modules');
const SHARED_MESSAGES = path.join(import.meta.dirname, '..', 'i18n', 'messages');

/** Every feature's mails/ folder: `<name>.text.hbs` and `<name>.html.hbs` per mail. */
function featureMailDirs(): string[] {
  return readdirSync(MODULES_DIR)
    .map((feature) => path.join(MODULES_DIR, feature, 'mails'))
    .filter((dir) => existsSync(dir));
}

/** The same catalogue folders as the TemplateRenderer's, for a MailRenderer built outside Nest (tests, scripts). */
function defaultCatalog(): MessageCatalog {
  return new MessageCatalog([
    SHARED_MESSAGES,
    ...readdirSync(MODULES_DIR)
      .filter((feature) => existsSync(path.join(MODULES_DIR, feature, 'views')))
      .map((feature) => path.join(MODULES_DIR, feature, 'i18n')),
  ]);
}

/** The locale to write to someone in: their preferred language when Cascade speaks it, else English. */
export function mailLocaleOf(preferredLanguage: string | null | undefined): Locale {
  return supportedLocaleOf(preferredLanguage) ?? DEFAULT_LOCALE;
}

/**
 * Mail bodies from Handlebars, compiled once in strict mode, in the recipient's locale: the same `{{t}}`,
 * `{{formatDate}}`, `{{formatDateTime}}`, `{{formatNumber}}` and `{{formatPercent}}` helpers as pages, over the same
 * message catalogue (the locale is Handlebars data, `{{@locale}}` in a template). The text part is not HTML-escaped
 * (a name with an apostrophe stays readable); the HTML part is.
 */
export class MailRenderer {
  private readonly templates = new Map<
    string,
    { text: Handlebars.TemplateDelegate; html: Handlebars.TemplateDelegate }
  >();

  constructor(
    readonly messages: MessageCatalog = defaultCatalog(),
    dirs: string[] = featureMailDirs(),
  ) {
    const handlebars = Handlebars.create();
    registerLocaleHelpers(handlebars, messages);
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.text.hbs'))) {
        const name = file.slice(0, -'.text.hbs'.length);
        if (this.templates.has(name)) throw new Error(`Two mails are named ${name} (in ${dir})`);
        const htmlFile = path.join(dir, `${name}.html.hbs`);
        if (!existsSync(htmlFile)) throw new Error(`Mail ${name} has a text part but no ${name}.html.hbs`);
        this.templates.set(name, {
          text: handlebars.compile(readFileSync(path.join(dir, file), 'utf8'), { strict: true, noEscape: true }),
          html: handlebars.compile(readFileSync(htmlFile, 'utf8'), { strict: true }),
        });
      }
    }
  }

  render(name: string, context: object, locale: Locale): { text: string; html: string } {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No mail named ${name}`);
    const options = { data: { locale } };
    return { text: template.text(context, options), html: template.html(context, options) };
  }

  /** A subject line (or any string built in code) in the recipient's locale. */
  t(locale: Locale, key: string, values?: MessageValues): string {
    return this.messages.format(locale, key, values);
  }
}
