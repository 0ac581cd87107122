import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { PdfRenderer } from '../../src/infra/pdf/pdf-renderer.js';
import {
  certificatePage,
  trainerCertificatePage,
  type CertificateFacts,
} from '../../src/modules/certificates/domain/certificate-document.js';
import { writeFileSync } from 'node:fs';
import { CertificatePdfMaker } from '../../src/modules/certificates/pdf/certificate-pdf-maker.js';
import { CertificatePdfTemplate } from '../../src/modules/certificates/pdf/certificate-pdf.template.js';
import { embeddedFonts, pdfAttachment } from '../support/pdf-files.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { qrCodesOf } from '../support/qr-code.js';
import { CHROMIUM_PATH } from '../support/test-env.js';

const FACTS: CertificateFacts = {
  language: 'en',
  instituteName: 'Centre for Educational Planning and Training',
  brandColour: '#dc143c',
  accentColour: '#003893',
  signatories: [{ name: 'Sita Sharma', title: 'Executive Director' }],
  holderName: 'Bikash Gurung',
  courseTitle: 'School Resource Allocation and Optimization',
  startedOn: '2026-09-07',
  completedOn: '2026-11-20',
  hours: 40,
  outcomes: ['Explain the principles of effective school resource allocation.', 'Design a needs-based formula.'],
  serial: 'NP-CEPT-2026-000123',
  verificationCode: '7KQ2-M9XD-4TZP-W1HC',
  verifyUrl: 'http://127.0.0.1:3000/verify/7KQ2-M9XD-4TZP-W1HC',
};

describe('certificate PDFs on Debian Chromium', () => {
  let renderer: PdfRenderer;
  let maker: CertificatePdfMaker;

  beforeAll(() => {
    renderer = new PdfRenderer({ executablePath: CHROMIUM_PATH, tabs: 2, rendersPerTab: 100 });
    maker = new CertificatePdfMaker(renderer, new CertificatePdfTemplate(), { batchSize: 4, maxWaitMs: 20 });
  });

  afterAll(async () => {
    await renderer?.close();
  });

  it('should print one A4 landscape page with the name, course, serial and code, and a QR code of the verification URL', async () => {
    const pdf = await maker.make({ instituteSlug: 'np-cept', page: certificatePage(FACTS), credentialJson: null });
    expect(await pdfPageCount(pdf)).toBe(1);
    const document = await PDFDocument.load(pdf);
    const { width, height } = document.getPage(0).getSize();
    expect(width).toBeCloseTo(841.9, 0);
    expect(height).toBeCloseTo(595.9, 0);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'Bikash Gurung',
      'School Resource Allocation and Optimization',
      'NP-CEPT-2026-000123',
      '7KQ2-M9XD-4TZP-W1HC',
      'September 7, 2026',
      '40 hours',
      'Sita Sharma',
      'Design a needs-based formula.',
    ])
      expect(text).toContain(expected);
    expect(await qrCodesOf(pdf)).toEqual([FACTS.verifyUrl]);
  });

  it('should print a trainer certificate from its own template, in French, with the QR code of its verification URL', async () => {
    const page = trainerCertificatePage({
      language: 'fr',
      instituteName: FACTS.instituteName,
      brandColour: FACTS.brandColour,
      accentColour: FACTS.accentColour,
      signatories: FACTS.signatories,
      holderName: 'Ramesh Adhikari',
      courseTitle: FACTS.courseTitle,
      certifierName: 'Amara Mensah',
      certifiedOn: '2026-08-20',
      validUntil: '2028-08-20',
      serial: 'NP-CEPT-TR-2026-000001',
      verificationCode: FACTS.verificationCode,
      verifyUrl: FACTS.verifyUrl,
    });
    const pdf = await maker.make({ instituteSlug: 'np-cept', page, credentialJson: null });
    if (process.env.CASCADE_KEEP_PDF) writeFileSync(process.env.CASCADE_KEEP_PDF, pdf);
    expect(await pdfPageCount(pdf)).toBe(1);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'Formateur national certifié — School Resource Allocation and Optimization',
      'Ramesh Adhikari',
      'CENTRE FOR EDUCATIONAL PLANNING AND TRAINING', // the template sets the institute in capitals
      'Certifié(e) par le maître formateur Amara Mensah',
      'Certifié(e) le 20 août 2026 · recertification avant le 20 août 2028',
      'NP-CEPT-TR-2026-000001',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Certificat de réussite');
    expect(await qrCodesOf(pdf)).toEqual([FACTS.verifyUrl]);
  });

  it('should print Arabic right to left and Devanagari names, with the fonts inlined', async () => {
    const arabic = certificatePage({
      ...FACTS,
      language: 'ar',
      holderName: 'فاطمة الزهراء',
      courseTitle: 'تخطيط الموارد المدرسية',
      outcomes: ['تحليل الميزانية المدرسية'],
    });
    expect(arabic.dir).toBe('rtl');
    const devanagari = certificatePage({ ...FACTS, holderName: 'सुनिता श्रेष्ठ' });
    const [arabicPdf, devanagariPdf] = await Promise.all([
      maker.make({ instituteSlug: 'np-cept', page: arabic, credentialJson: null }),
      maker.make({ instituteSlug: 'np-cept', page: devanagari, credentialJson: null }),
    ]);
    const arabicText = await pdfText(arabicPdf);
    expect(arabicText).toContain('فاطمة الزهراء');
    expect(arabicText).toContain('شهادة إتمام');
    expect(await pdfText(devanagariPdf)).toContain('सुनिता श्रेष्ठ');
    // Every font of the page is embedded: none comes from the machine at view time.
    expect(await embeddedFonts(arabicPdf)).toEqual(
      expect.arrayContaining(['NotoNaskhArabic-Bold', 'NotoSerif-Regular']),
    );
    expect(await embeddedFonts(devanagariPdf)).toEqual(expect.arrayContaining(['NotoSerifDevanagari-Bold']));
  });

  it('should split a batch into one PDF per certificate, each with its own credential attached', async () => {
    const names = ['Ama Mensah', 'Bikash Gurung', 'Chen Wei', 'Dina Haddad', 'Emeka Obi'];
    const pdfs = await Promise.all(
      names.map((holderName, index) =>
        maker.make({
          instituteSlug: 'np-cept',
          page: certificatePage({ ...FACTS, holderName, serial: `NP-CEPT-2026-00000${index}` }),
          credentialJson: JSON.stringify({ holder: holderName }),
        }),
      ),
    );
    expect(renderer.stats().renders).toBeLessThan(names.length + 3);
    for (const [index, pdf] of pdfs.entries()) {
      expect(await pdfPageCount(pdf)).toBe(1);
      const text = await pdfText(pdf);
      expect(text).toContain(names[index]);
      for (const other of names.filter((name) => name !== names[index])) expect(text).not.toContain(other);
      expect(JSON.parse((await pdfAttachment(pdf, 'credential.json'))!.toString('utf8'))).toEqual({
        holder: names[index],
      });
    }
  });

  it('should count every certificate of a batched render towards recycling its tab', async () => {
    const small = new PdfRenderer({ executablePath: CHROMIUM_PATH, tabs: 1, rendersPerTab: 4 });
    try {
      const batched = new CertificatePdfMaker(small, new CertificatePdfTemplate(), { batchSize: 4, maxWaitMs: 20 });
      await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          batched.make({
            instituteSlug: 'np-cept',
            page: certificatePage({ ...FACTS, holderName: `Person ${index}` }),
            credentialJson: null,
          }),
        ),
      );
      // Two renders of four certificates: each fills a tab's four, so a second tab was opened.
      expect(small.stats()).toEqual({ browserLaunches: 1, tabsOpened: 2, renders: 2 });
    } finally {
      await small.close();
    }
  });
});
