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
  /** A script enhancement to load (see `scripts`); the page must work without it. */
  script?: string;
}

/** The signed-in person a page is rendered for; null renders the public header. */
export interface Viewer {
  name: string;
  csrfToken: string;
}

const SHARED_VIEWS = path.join(import.meta.dirname, 'views');
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

  constructor(featureViewDirs: string[]) {
    this.stylesheet = hashedAsset(readFileSync(STYLESHEET_PATH, 'utf8'), 'app', 'css', 'text/css; charset=utf-8');
    for (const file of readdirSync(SCRIPT_DIR).filter((name) => name.endsWith('.js'))) {
      const name = file.slice(0, -'.js'.length);
      const body = readFileSync(path.join(SCRIPT_DIR, file), 'utf8');
      this.scripts.set(name, hashedAsset(body, name, 'js', 'text/javascript; charset=utf-8'));
    }

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
      script: frame.script ? this.scriptHref(frame.script) : null,
      viewer,
      body,
    });
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

function hashedAsset(body: string, name: string, extension: string, contentType: string): HashedAsset {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, href: `/assets/${name}-${digest}.${extension}`, etag: `"${digest}"`, contentType };
}
