import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

export interface PageFrame {
  title: string;
  /** BCP 47 language of the page text, for <html lang>. */
  lang: string;
  description?: string;
  /** Breadcrumb trail, from the home page to the parent of this page. */
  trail?: { href: string; label: string }[];
}

/** The signed-in person a page is rendered for; null renders the public header. */
export interface Viewer {
  name: string;
  csrfToken: string;
}

const SHARED_VIEWS = path.join(import.meta.dirname, 'views');
const STYLESHEET_PATH = path.join(import.meta.dirname, 'assets', 'app.css');

/**
 * Compiles every view once at start-up, in strict mode so a missing field fails loudly instead of
 * rendering an empty string. Views are `<name>.hbs` files in the shared folder and the feature folders given.
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  readonly stylesheet: { body: string; href: string; etag: string };

  constructor(featureViewDirs: string[]) {
    const css = readFileSync(STYLESHEET_PATH, 'utf8');
    const digest = createHash('sha256').update(css).digest('hex').slice(0, 12);
    this.stylesheet = { body: css, href: `/assets/app-${digest}.css`, etag: `"${digest}"` };

    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('plural', (count: number, one: string, many: string) => (count === 1 ? one : many));
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
  renderPage(view: string, frame: PageFrame, context: object, viewer: Viewer | null = null): string {
    return this.renderLayout(frame, this.renderView(view, context), viewer);
  }

  renderView(view: string, context: object): string {
    return this.template(view)(context);
  }

  /** The layout around an already rendered body: cheap, so a cached body can get a personal header. */
  renderLayout(frame: PageFrame, body: string, viewer: Viewer | null): string {
    return this.template('layout')({
      title: frame.title,
      lang: frame.lang,
      description: frame.description ?? null,
      trail: frame.trail ?? [],
      stylesheet: this.stylesheet.href,
      viewer,
      body,
    });
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No view named ${name}`);
    return template;
  }
}
