import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import QRCode from 'qrcode';
import { pageText, type CertificatePage } from '../domain/certificate-document.js';
import { CertificateFonts } from './certificate-fonts.js';

const TEMPLATE_DIR = path.join(import.meta.dirname, 'templates');

/**
 * Certificate pages as HTML. Each institute may have its own page template per language in pdf/templates:
 * `<institute-slug>.<language>.hbs`, else `<institute-slug>.hbs`, else `default.<language>.hbs`, else `default.hbs`.
 * Templates are compiled once, in strict mode, with every value escaped; several pages can share one document,
 * so that one render prints many certificates and the fonts are inlined once.
 */
export class CertificatePdfTemplate {
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly document: Handlebars.TemplateDelegate;

  constructor(
    private readonly fonts = new CertificateFonts(),
    dir = TEMPLATE_DIR,
  ) {
    const handlebars = Handlebars.create();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
      const compiled = handlebars.compile(readFileSync(path.join(dir, file), 'utf8'), { strict: true });
      if (file === 'document.hbs') continue;
      this.pages.set(file.slice(0, -'.hbs'.length), compiled);
    }
    const documentFile = path.join(dir, 'document.hbs');
    if (!existsSync(documentFile) || !this.pages.has('default'))
      throw new Error(`certificate templates: ${dir} needs document.hbs and default.hbs`);
    this.document = handlebars.compile(readFileSync(documentFile, 'utf8'), { strict: true });
  }

  /** One page's HTML, with the QR code of its verification URL drawn as inline SVG. */
  async page(instituteSlug: string, page: CertificatePage): Promise<string> {
    const qrSvg = await QRCode.toString(page.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
    return this.templateFor(instituteSlug, page.lang, page.template)({ ...page, qrSvg });
  }

  /** A whole document of pages (their text chooses the fonts inlined). */
  renderDocument(pages: { html: string; page: CertificatePage }[]): string {
    const fonts = this.fonts.select(pages.map((entry) => pageText(entry.page)).join(' '));
    return this.document({
      title: pages.length === 1 ? `${pages[0].page.labels.title} · ${pages[0].page.holderName}` : 'Certificates',
      fontFaces: fonts.faces,
      fontFamily: fonts.family,
      pages: pages.map((entry) => entry.html),
    });
  }

  private templateFor(
    instituteSlug: string,
    language: string,
    kind: CertificatePage['template'],
  ): Handlebars.TemplateDelegate {
    const base = language.toLowerCase().split('-')[0];
    // Trainer certificates have their own family: `trainer-<slug>.<language>.hbs` … `trainer-default.hbs`.
    const prefix = kind === 'trainer' ? 'trainer-' : '';
    const names = [`${instituteSlug}.${base}`, instituteSlug, `default.${base}`, 'default'].map(
      (name) => prefix + name,
    );
    if (kind === 'trainer' && !this.pages.has('trainer-default'))
      throw new Error('certificate templates: trainer-default.hbs is missing');
    for (const name of names) {
      const template = this.pages.get(name);
      if (template) return template;
    }
    throw new Error('unreachable: default.hbs is checked at start');
  }
}
