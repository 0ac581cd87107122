/** The words printed on a certificate, per language; a language without its own set is printed in English. */
export interface CertificateLabels {
  title: string;
  certifies: string;
  completed: string;
  dates: string;
  hours: string;
  outcomes: string;
  serial: string;
  code: string;
  verify: string;
}

const LABELS: Record<string, CertificateLabels> = {
  en: {
    title: 'Certificate of Completion',
    certifies: 'This certifies that',
    completed: 'has successfully completed the course',
    dates: 'from {start} to {end}',
    hours: '{hours} hours of training',
    outcomes: 'Learning outcomes achieved',
    serial: 'Certificate no.',
    code: 'Verification code',
    verify: 'Verify this certificate at',
  },
  fr: {
    title: 'Certificat de réussite',
    certifies: 'Nous certifions que',
    completed: 'a suivi avec succès la formation',
    dates: 'du {start} au {end}',
    hours: '{hours} heures de formation',
    outcomes: 'Acquis d’apprentissage',
    serial: 'Certificat n°',
    code: 'Code de vérification',
    verify: 'Vérifier ce certificat sur',
  },
  ar: {
    title: 'شهادة إتمام',
    certifies: 'نشهد بأن',
    completed: 'قد أتمّ بنجاح الدورة التدريبية',
    dates: 'من {start} إلى {end}',
    hours: '{hours} ساعة تدريبية',
    outcomes: 'نواتج التعلّم المحققة',
    serial: 'رقم الشهادة',
    code: 'رمز التحقق',
    verify: 'للتحقق من هذه الشهادة',
  },
};

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'dv', 'yi', 'ckb']);

export interface CertificateFacts {
  language: string;
  instituteName: string;
  brandColour: string;
  accentColour: string;
  signatories: { name: string; title: string }[];
  holderName: string;
  courseTitle: string;
  /** YYYY-MM-DD. */
  startedOn: string;
  completedOn: string;
  hours: number;
  outcomes: string[];
  serial: string;
  verificationCode: string;
  verifyUrl: string;
}

/** One certificate page as the template prints it: every value text, escaped by Handlebars. */
export interface CertificatePage {
  /** Which family of templates prints it: `default…` (course) or `trainer-default…` (trainer certificate). */
  template: 'course' | 'trainer';
  /** The trainer certificate's own lines; null on a course certificate. */
  trainer: { certifiedLine: string; certifierLine: string | null; validLine: string } | null;
  lang: string;
  dir: 'ltr' | 'rtl';
  labels: CertificateLabels;
  instituteName: string;
  brandColour: string;
  accentColour: string;
  signatories: { name: string; title: string }[];
  holderName: string;
  courseTitle: string;
  datesLine: string;
  hoursLine: string;
  outcomes: string[];
  serial: string;
  verificationCode: string;
  verifyUrl: string;
}

const COLOUR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;

/** Lays out one certificate in its language: words, dates and numbers written the way that language writes them. */
export function certificatePage(facts: CertificateFacts): CertificatePage {
  const base = facts.language.toLowerCase().split('-')[0];
  const labels = LABELS[base] ?? LABELS.en;
  const lang = LABELS[base] ? facts.language : 'en';
  const date = (value: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  const hours = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(facts.hours);
  return {
    template: 'course',
    trainer: null,
    lang,
    dir: RIGHT_TO_LEFT.has(base) && LABELS[base] ? 'rtl' : 'ltr',
    labels,
    instituteName: facts.instituteName,
    // Colours reach a style attribute: anything but a hex colour falls back to the default.
    brandColour: COLOUR.test(facts.brandColour) ? facts.brandColour : '#1f3a5f',
    accentColour: COLOUR.test(facts.accentColour) ? facts.accentColour : '#c9a227',
    signatories: facts.signatories.slice(0, 3),
    holderName: facts.holderName,
    courseTitle: facts.courseTitle,
    datesLine: labels.dates.replace('{start}', date(facts.startedOn)).replace('{end}', date(facts.completedOn)),
    hoursLine: labels.hours.replace('{hours}', hours),
    // Seven outcomes fit the page; more would push the signatures off it.
    outcomes: facts.outcomes.slice(0, 7),
    serial: facts.serial,
    verificationCode: facts.verificationCode,
    verifyUrl: facts.verifyUrl,
  };
}

/** The words of a trainer certificate, per language; another language is printed in English. */
const TRAINER_LABELS: Record<string, CertificateLabels & { certified: string; certifier: string; valid: string }> = {
  en: {
    title: 'Certified national trainer',
    certifies: 'This certifies that',
    completed: 'is certified as a national trainer of the course',
    certified: 'after the trainer-of-trainers track, a teach-back, grading calibration and co-facilitation',
    certifier: 'Certified by master trainer {name}',
    valid: 'Certified on {date} · recertification due by {until}',
    dates: '',
    hours: '',
    outcomes: '',
    serial: 'Certificate no.',
    code: 'Verification code',
    verify: 'Verify this certificate at',
  },
  fr: {
    title: 'Formateur national certifié',
    certifies: 'Nous certifions que',
    completed: 'est certifié(e) formateur national de la formation',
    certified:
      'à l’issue du parcours de formation de formateurs, d’une séance de micro-enseignement, d’un calibrage de la notation et d’une co-animation',
    certifier: 'Certifié(e) par le maître formateur {name}',
    valid: 'Certifié(e) le {date} · recertification avant le {until}',
    dates: '',
    hours: '',
    outcomes: '',
    serial: 'Certificat n°',
    code: 'Code de vérification',
    verify: 'Vérifier ce certificat sur',
  },
};

export interface TrainerCertificateFacts {
  language: string;
  instituteName: string;
  brandColour: string;
  accentColour: string;
  signatories: { name: string; title: string }[];
  holderName: string;
  courseTitle: string;
  certifierName: string | null;
  /** YYYY-MM-DD. */
  certifiedOn: string;
  validUntil: string;
  serial: string;
  verificationCode: string;
  verifyUrl: string;
}

/** Lays out one trainer certificate ("Certified national trainer — <course>") in the holder's language. */
export function trainerCertificatePage(facts: TrainerCertificateFacts): CertificatePage {
  const base = facts.language.toLowerCase().split('-')[0];
  const labels = TRAINER_LABELS[base] ?? TRAINER_LABELS.en;
  const lang = TRAINER_LABELS[base] ? facts.language : 'en';
  const date = (value: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  return {
    template: 'trainer',
    trainer: {
      certifiedLine: labels.certified,
      certifierLine: facts.certifierName ? labels.certifier.replace('{name}', facts.certifierName) : null,
      validLine: labels.valid.replace('{date}', date(facts.certifiedOn)).replace('{until}', date(facts.validUntil)),
    },
    lang,
    dir: 'ltr',
    labels,
    instituteName: facts.instituteName,
    brandColour: COLOUR.test(facts.brandColour) ? facts.brandColour : '#1f3a5f',
    accentColour: COLOUR.test(facts.accentColour) ? facts.accentColour : '#c9a227',
    signatories: facts.signatories.slice(0, 3),
    holderName: facts.holderName,
    courseTitle: facts.courseTitle,
    datesLine: '',
    hoursLine: '',
    outcomes: [],
    serial: facts.serial,
    verificationCode: facts.verificationCode,
    verifyUrl: facts.verifyUrl,
  };
}

/** The text of a page, to choose the fonts its scripts need. */
export function pageText(page: CertificatePage): string {
  return [
    page.instituteName,
    page.holderName,
    page.courseTitle,
    page.datesLine,
    page.hoursLine,
    ...page.outcomes,
    ...(page.trainer ? [page.trainer.certifiedLine, page.trainer.certifierLine ?? '', page.trainer.validLine] : []),
    ...page.signatories.flatMap((signatory) => [signatory.name, signatory.title]),
    ...(Object.values(page.labels) as string[]),
  ].join(' ');
}
