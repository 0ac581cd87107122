import { describe, expect, it } from '@jest/globals';
import { MailRenderer, mailLocaleOf } from './mail-renderer.js';

const renderer = new MailRenderer();

describe('localized mails', () => {
  it('should write a password reset in French to a French reader, and in English otherwise', () => {
    const context = { fullName: "Awa N'Diaye", link: 'https://cascade.test/password/set?token=abc' };
    const fr = renderer.render('password-reset', context, 'fr');
    expect(fr.text).toContain("Bonjour Awa N'Diaye,");
    expect(fr.text).toContain('Ouvrez ce lien pour le faire :');
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.html).toContain('Awa N&#x27;Diaye');
    expect(renderer.t('fr', 'notifications.passwordReset.subject')).toBe(
      'Choisissez un nouveau mot de passe pour Cascade',
    );
    const en = renderer.render('password-reset', context, 'en');
    expect(en.text).toContain("Hello Awa N'Diaye,");
    expect(en.html).toContain('<html lang="en">');
  });

  it('should fall back to English for a language Cascade does not speak', () => {
    expect(mailLocaleOf('ne')).toBe('en');
    expect(mailLocaleOf('fr-SN')).toBe('fr');
    expect(mailLocaleOf(null)).toBe('en');
  });

  it('should format dates in the mail with the locale and the cohort zone', () => {
    const mail = renderer.render(
      'notification-module-unlocked',
      {
        fullName: 'Gita',
        values: { module: 'Data', cohort: 'Kathmandu 2026', opensAt: '1 septembre 2026 à 08:00' },
        payload: {},
        link: 'https://cascade.test/x',
        verifyLink: '',
        preferencesLink: 'https://cascade.test/me/notifications',
        unsubscribeLink: 'https://cascade.test/notifications/unsubscribe?x',
      },
      'fr',
    );
    expect(mail.text).toContain('Le module « Data » de Kathmandu 2026 est ouvert depuis le 1 septembre 2026 à 08:00.');
    expect(mail.text).toContain('https://cascade.test/me/notifications');
  });
});
