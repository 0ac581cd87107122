import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { PdfPageOptions } from '../../infra/pdf/pdf-renderer.js';
import type { ActionPlanDocument } from './domain/action-plan-document.js';

const TEMPLATE_PATH = path.join(import.meta.dirname, 'views', 'pdf', 'action-plan.hbs');

/**
 * The action plan as HTML for the PDF renderer: compiled once, in strict mode, with Handlebars escaping every
 * value, so a participant's text is always printed as text and never read as HTML.
 */
export class ActionPlanPdfTemplate {
  private readonly template: Handlebars.TemplateDelegate<ActionPlanDocument>;

  constructor(templatePath = TEMPLATE_PATH) {
    this.template = Handlebars.create().compile(readFileSync(templatePath, 'utf8'), { strict: true });
  }

  render(document: ActionPlanDocument): { html: string; pdf: PdfPageOptions } {
    return { html: this.template(document), pdf: { format: 'A4', landscape: false, footerTemplate: footer(document) } };
  }
}

/** "Plan title · Participant — Page X of Y": Puppeteer fills the page numbers; the rest is escaped here. */
function footer(document: ActionPlanDocument): string {
  const label = Handlebars.escapeExpression(`${document.title} · ${document.participantName}`);
  return (
    `<div style="width:100%;font-family:'Noto Sans','Liberation Sans',sans-serif;font-size:8pt;color:#555;` +
    `padding:0 16mm;display:flex;justify-content:space-between">` +
    `<span>${label}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  );
}
