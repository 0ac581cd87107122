import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

const MODULES_DIR = path.join(import.meta.dirname, '..', '..', 'modules');

/** Every feature's mails/ folder: `<name>.text.hbs` and `<name>.html.hbs` per mail. */
function featureMailDirs(): string[] {
  return readdirSync(MODULES_DIR)
    .map((feature) => path.join(MODULES_DIR, feature, 'mails'))
    .filter((dir) => existsSync(dir));
}

/**
 * Mail bodies from Handlebars, compiled once in strict mode. The text part is not HTML-escaped (a name with
 * an apostrophe stays readable); the HTML part is.
 */
export class MailRenderer {
  private readonly templates = new Map<
    string,
    { text: Handlebars.TemplateDelegate; html: Handlebars.TemplateDelegate }
  >();

  constructor(dirs: string[] = featureMailDirs()) {
    const handlebars = Handlebars.create();
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

  render(name: string, context: object): { text: string; html: string } {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No mail named ${name}`);
    return { text: template.text(context), html: template.html(context) };
  }
}
