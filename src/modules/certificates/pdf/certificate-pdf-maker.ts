import { AFRelationship, PDFDocument } from 'pdf-lib';
import type { PdfRenderer } from '../../../infra/pdf/pdf-renderer.js';
import type { CertificatePage } from '../domain/certificate-document.js';
import type { CertificatePdfTemplate } from './certificate-pdf.template.js';

export interface CertificatePdfRequest {
  instituteSlug: string;
  page: CertificatePage;
  /** The signed credential, attached to the PDF as credential.json; null when there is none. */
  credentialJson: string | null;
}

export interface CertificatePdfMakerSettings {
  /** Certificates printed by one Chromium render (one page each), then split into one PDF each. */
  batchSize: number;
  /** How long a certificate waits for others to share its render. */
  maxWaitMs: number;
}

interface Pending {
  request: CertificatePdfRequest;
  resolve: (pdf: Buffer) => void;
  reject: (error: unknown) => void;
}

const PAGE_OPTIONS = {
  format: 'A4',
  landscape: true,
  margin: { top: '0', bottom: '0', left: '0', right: '0' },
} as const;

/**
 * Makes certificate PDFs on the worker's one Chromium (PdfRenderer: a pool of reused tabs). Certificates asked for
 * at about the same time share one render: a document of one page each, inlining the fonts once, which pdf-lib then
 * splits into one PDF per certificate and gives each its credential as an attachment. A batch that fails is
 * retried one certificate at a time, so one bad certificate cannot fail the others.
 */
export class CertificatePdfMaker {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly renderer: PdfRenderer,
    private readonly template: CertificatePdfTemplate,
    private readonly settings: CertificatePdfMakerSettings = { batchSize: 8, maxWaitMs: 30 },
  ) {}

  make(request: CertificatePdfRequest): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.queue.length >= this.settings.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.settings.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.settings.batchSize);
      void this.renderBatch(batch);
      if (this.queue.length < this.settings.batchSize) break;
    }
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), this.settings.maxWaitMs);
  }

  private async renderBatch(batch: Pending[]): Promise<void> {
    try {
      const pdfs = await this.renderTogether(batch.map((entry) => entry.request));
      batch.forEach((entry, index) => entry.resolve(pdfs[index]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const entry of batch)
        await this.renderTogether([entry.request]).then(([pdf]) => entry.resolve(pdf), entry.reject);
    }
  }

  private async renderTogether(requests: CertificatePdfRequest[]): Promise<Buffer[]> {
    const pages = await Promise.all(
      requests.map(async (request) => ({
        page: request.page,
        html: await this.template.page(request.instituteSlug, request.page),
      })),
    );
    const printed = await PDFDocument.load(
      await this.renderer.render(this.template.renderDocument(pages), { ...PAGE_OPTIONS, documents: requests.length }),
    );
    if (printed.getPageCount() !== requests.length)
      throw new Error(`certificate render printed ${printed.getPageCount()} pages for ${requests.length} certificates`);
    const pdfs: Buffer[] = [];
    for (const [index, request] of requests.entries()) {
      const single = await PDFDocument.create();
      const [page] = await single.copyPages(printed, [index]);
      single.addPage(page);
      single.setTitle(`${request.page.labels.title} · ${request.page.holderName}`);
      single.setAuthor(request.page.instituteName);
      single.setSubject(request.page.courseTitle);
      single.setLanguage(request.page.lang);
      single.setCreator('Cascade');
      if (request.credentialJson !== null)
        await single.attach(Buffer.from(request.credentialJson, 'utf8'), 'credential.json', {
          mimeType: 'application/json',
          description: 'Open Badges 3.0 credential (signed) of this certificate',
          afRelationship: AFRelationship.Data,
        });
      // Without object streams pdf-lib writes several times faster, for a few kilobytes more.
      pdfs.push(Buffer.from(await single.save({ useObjectStreams: false })));
    }
    return pdfs;
  }
}
