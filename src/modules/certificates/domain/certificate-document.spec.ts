import { describe, expect, it } from '@jest/globals';
import { certificatePage, pageText, trainerCertificatePage, type CertificateFacts } from './certificate-document.js';

const FACTS: CertificateFacts = {
  language: 'en',
  instituteName: 'Institut',
  brandColour: '#00853f',
  accentColour: '#fdef42',
  signatories: [{ name: 'Moussa Ndiaye', title: 'Directeur' }],
  holderName: 'Awa Diop',
  courseTitle: 'Réseaux d’écoles',
  startedOn: '2026-09-07',
  completedOn: '2026-11-20',
  hours: 37.5,
  outcomes: Array.from({ length: 9 }, (_, index) => `Outcome ${index + 1}`),
  serial: 'SN-IFPE-2026-000001',
  verificationCode: '7KQ2-M9XD-4TZP-W1HC',
  verifyUrl: 'https://cascade.example.org/verify/7KQ2-M9XD-4TZP-W1HC',
};

describe('certificatePage', () => {
  it('should write dates, hours and words in the language of the certificate', () => {
    const french = certificatePage({ ...FACTS, language: 'fr-SN' });
    expect(french.labels.title).toBe('Certificat de réussite');
    expect(french.datesLine).toBe('du 7 septembre 2026 au 20 novembre 2026');
    expect(french.hoursLine).toBe('37,5 heures de formation');
    expect(french.dir).toBe('ltr');
  });

  it('should lay Arabic out right to left, and fall back to English for a language without its words', () => {
    const arabic = certificatePage({ ...FACTS, language: 'ar' });
    expect(arabic.dir).toBe('rtl');
    expect(arabic.labels.title).toBe('شهادة إتمام');
    const nepali = certificatePage({ ...FACTS, language: 'ne' });
    expect(nepali.lang).toBe('en');
    expect(nepali.labels.title).toBe('Certificate of Completion');
    expect(nepali.datesLine).toBe('from September 7, 2026 to November 20, 2026');
  });

  it('should keep to seven outcomes and three signatories, and refuse a colour that is not a hex colour', () => {
    const page = certificatePage({
      ...FACTS,
      brandColour: 'red; background: url(x)',
      signatories: Array.from({ length: 5 }, (_, index) => ({ name: `S${index}`, title: 'T' })),
    });
    expect(page.outcomes).toHaveLength(7);
    expect(page.signatories).toHaveLength(3);
    expect(page.brandColour).toBe('#1f3a5f');
    expect(page.accentColour).toBe('#fdef42');
  });
});

describe('trainerCertificatePage', () => {
  const TRAINER = {
    language: 'fr-SN',
    instituteName: 'Institut',
    brandColour: '#00853f',
    accentColour: 'red; background: url(x)',
    signatories: [{ name: 'Moussa Ndiaye', title: 'Directeur' }],
    holderName: 'Awa Diop',
    courseTitle: 'Réseaux d’écoles',
    certifierName: 'Aminata Sow',
    certifiedOn: '2026-11-20',
    validUntil: '2028-11-20',
    serial: 'SN-IFPE-2026-000002',
    verificationCode: '7KQ2-M9XD-4TZP-W1HC',
    verifyUrl: 'https://cascade.example.org/verify/7KQ2-M9XD-4TZP-W1HC',
  };

  it('should print the trainer template in the holder’s language, with certifier and both dates', () => {
    const page = trainerCertificatePage(TRAINER);
    expect(page.template).toBe('trainer');
    expect(page.labels.title).toBe('Formateur national certifié');
    expect(page.trainer).toEqual({
      certifiedLine: expect.stringContaining('micro-enseignement') as unknown as string,
      certifierLine: 'Certifié(e) par le maître formateur Aminata Sow',
      validLine: 'Certifié(e) le 20 novembre 2026 · recertification avant le 20 novembre 2028',
    });
    expect(page.accentColour).toBe('#c9a227');
    expect(pageText(page)).toContain('Aminata Sow');
  });

  it('should fall back to English, and leave out the certifier line when there is none', () => {
    const page = trainerCertificatePage({ ...TRAINER, language: 'ne', certifierName: null });
    expect(page.lang).toBe('en');
    expect(page.labels.title).toBe('Certified national trainer');
    expect(page.trainer?.certifierLine).toBeNull();
    expect(page.trainer?.validLine).toBe('Certified on November 20, 2026 · recertification due by November 20, 2028');
  });
});
