/** The interface languages Cascade ships complete catalogues for; English is the reference catalogue. */
export const SUPPORTED_LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

// Scripts written right to left; Intl.Locale#getTextInfo is not in Node 20, so the list is kept here.
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** The supported locale a BCP 47 tag falls under (`fr-SN` → `fr`), or null. */
export function supportedLocaleOf(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(language) ? (language as Locale) : null;
}

/** `rtl` for a language written right to left (Arabic, Persian, Hebrew, Urdu, ...), else `ltr`. */
export function textDirectionOf(tag: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(tag.trim().toLowerCase().split(/[-_]/)[0]) ? 'rtl' : 'ltr';
}

/**
 * The best supported locale for an Accept-Language header (RFC 9110 §12.5.4): ranges by descending q,
 * `q=0` excluded, the first supported one wins; null when none is supported.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.range && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    const locale = supportedLocaleOf(range);
    if (locale) return locale;
  }
  return null;
}
