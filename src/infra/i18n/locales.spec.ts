import { describe, expect, it } from '@jest/globals';
import { negotiateLocale, supportedLocaleOf, textDirectionOf } from './locales.js';

describe('supportedLocaleOf', () => {
  it('should map a regional tag to its supported language and refuse the rest', () => {
    expect(supportedLocaleOf('fr-SN')).toBe('fr');
    expect(supportedLocaleOf('EN_gb')).toBe('en');
    expect(supportedLocaleOf('ne')).toBeNull();
    expect(supportedLocaleOf('')).toBeNull();
    expect(supportedLocaleOf(undefined)).toBeNull();
  });
});

describe('negotiateLocale', () => {
  it('should take the supported range with the highest quality', () => {
    expect(negotiateLocale('ne-NP, fr;q=0.8, en;q=0.9')).toBe('en');
    expect(negotiateLocale('wo-SN,fr-FR;q=0.9,en;q=0.5')).toBe('fr');
  });

  it('should keep header order between equal qualities and skip q=0', () => {
    expect(negotiateLocale('fr, en')).toBe('fr');
    expect(negotiateLocale('fr;q=0, en;q=0.1')).toBe('en');
  });

  it('should give null when nothing is supported or the header is absent', () => {
    expect(negotiateLocale('de, ne;q=0.5')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
    expect(negotiateLocale('*')).toBeNull();
  });
});

describe('textDirectionOf', () => {
  it('should say rtl for scripts written right to left', () => {
    expect(textDirectionOf('ar')).toBe('rtl');
    expect(textDirectionOf('ar-EG')).toBe('rtl');
    expect(textDirectionOf('fa')).toBe('rtl');
    expect(textDirectionOf('fr')).toBe('ltr');
    expect(textDirectionOf('ne')).toBe('ltr');
  });
});
