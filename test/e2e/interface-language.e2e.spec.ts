import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MessageCatalog } from '../../src/infra/i18n/message-catalog.js';
import type { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const SRC = path.join(import.meta.dirname, '..', '..', 'src');
const catalog = new MessageCatalog([
  path.join(SRC, 'infra', 'i18n', 'messages'),
  ...readdirSync(path.join(SRC, 'modules')).map((feature) => path.join(SRC, 'modules', feature, 'i18n')),
]);

/**
 * Every English interface string without placeholders whose French differs ("Mode", "Places" are French too):
 * what an untranslated heading would show.
 */
const ENGLISH_STRINGS = new Set(
  catalog
    .keys('en')
    .filter((key) => !catalog.source('en', key)!.includes('{'))
    .filter((key) => catalog.format('en', key) !== catalog.format('fr', key))
    .map((key) => catalog.format('en', key))
    .filter((text) => /[A-Za-z]{3}/.test(text)),
);

/** The visible text of headings, table headers, labels, legends and buttons, tags and entities removed. */
function headings(html: string): string[] {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<(h1|h2|h3|th|label|legend|button|summary)\b[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((match) =>
      match[2]
        .replace(/<[^>]*>/g, ' ')
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

const FRENCH_DATE =
  /\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b/;
const ENGLISH_DATE =
  /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;

describe('the interface in the person’s language', () => {
  let running: RunningApp;
  let dakar: string;
  let participant: HttpSession;
  let admin: HttpSession;

  /** Sets a person's language through the /me form, as they would. */
  async function chooseLanguage(session: HttpSession, language: string) {
    const token = await session.csrfTokenFrom('/me');
    const saved = await session.postForm('/me/language', { _csrf: token, language });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/me?saved=language');
  }

  /** The page in French (the person's choice), then the same page after following the English link. */
  async function inBothLanguages(session: HttpSession, pagePath: string) {
    const french = await (await session.get(pagePath)).text();
    const separator = pagePath.includes('?') ? '&' : '?';
    const english = await (await session.get(`${pagePath}${separator}lang=en`)).text();
    // The link's choice is remembered for the next pages; following the French link comes back.
    await session.get(`${pagePath}${separator}lang=fr`);
    return { french, english };
  }

  function expectTranslated(french: string, english: string, atLeast = 2) {
    expect(french).toContain('<html lang="fr" dir="ltr">');
    expect(english).toContain('<html lang="en" dir="ltr">');
    const englishInterface = headings(english).filter((text) => ENGLISH_STRINGS.has(text));
    // The page has interface headings at all, or this check would prove nothing.
    expect(englishInterface.length).toBeGreaterThanOrEqual(atLeast);
    const frenchHeadings = new Set(headings(french));
    expect(englishInterface.filter((text) => frenchHeadings.has(text))).toEqual([]);
  }

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    dakar = (
      await querySql<{ id: string }>(
        running.database.url,
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'sn-ifpe'`,
      )
    )[0].id;
    participant = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    admin = await signInAs(running.baseUrl, 'admin@sn.demo.cascade.test');
    await chooseLanguage(participant, 'fr');
    await chooseLanguage(admin, 'fr');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should keep the language a person chooses on /me and offer it selected', async () => {
    const [row] = await querySql<{ preferred_language: string }>(
      running.database.url,
      `SELECT preferred_language FROM users WHERE email = 'participant@sn.demo.cascade.test'`,
    );
    expect(row.preferred_language).toBe('fr');
    const me = await (await participant.get('/me?saved=language')).text();
    expect(me).toContain('<h2 id="language">Langue</h2>');
    expect(me).toContain('Votre langue est enregistrée.');
    expect(me).toMatch(/<option value="fr" lang="fr" selected>Français<\/option>/);
  });

  it('should refuse a language Cascade has no interface for, and a form without its CSRF token', async () => {
    const token = await participant.csrfTokenFrom('/me');
    const unknown = await participant.postForm(
      '/me/language',
      { _csrf: token, language: 'xx' },
      { accept: 'text/html' },
    );
    expect(unknown.status).toBe(400);
    const forged = await participant.postForm('/me/language', { language: 'en' });
    expect(forged.status).toBe(403);
    const [row] = await querySql<{ preferred_language: string }>(
      running.database.url,
      `SELECT preferred_language FROM users WHERE email = 'participant@sn.demo.cascade.test'`,
    );
    expect(row.preferred_language).toBe('fr');
  });

  it('should show my learning in French with French dates, and in English after ?lang=en', async () => {
    const { french, english } = await inBothLanguages(participant, '/learn');
    expect(french).toContain('<h1>Mes formations</h1>');
    expect(french).toContain('<h3>Cette semaine</h3>');
    expect(french).toContain('modules terminés sur 10');
    expect(french).toMatch(FRENCH_DATE);
    expect(french).not.toMatch(ENGLISH_DATE);
    expect(english).toContain('<h1>My learning</h1>');
    expect(english).toMatch(ENGLISH_DATE);
    expectTranslated(french, english);
  });

  it('should show a module page in French, its English course text marked as English', async () => {
    const { french, english } = await inBothLanguages(participant, `/i/sn-ifpe/cohorts/${dakar}/modules/net-m01`);
    expect(french).toContain('<h2 id="objectives">Objectifs</h2>');
    expect(french).toContain('Passer le quiz : le réussir termine ce module');
    expect(french).toContain('<h1 lang="en">Introduction to Education Networks and Clusters</h1>');
    expect(english).toContain('<h1>Introduction to Education Networks and Clusters</h1>');
    expect(english).toContain('Take the quiz: passing it completes this module');
    expect(french).not.toContain('Take the quiz');
    expect(headings(french)).toContain('Objectifs');
    expect(headings(english)).toContain('Objectives');
  });

  it('should show a quiz page in French', async () => {
    const { french, english } = await inBothLanguages(participant, `/i/sn-ifpe/cohorts/${dakar}/modules/net-m01/quiz`);
    expect(french).toContain('Quiz : Introduction to Education Networks and Clusters');
    expect(french).toContain('Commencer le quiz');
    expect(french).toMatch(/Seuil de réussite \d+ %/);
    expect(french).toMatch(FRENCH_DATE);
    expect(english).toContain('Start the quiz');
    expect(english).toMatch(/Pass mark \d+%/);
    expect(french).not.toContain('Start the quiz');
  });

  it('should show the cohort administration page in French', async () => {
    const { french, english } = await inBothLanguages(admin, `/i/sn-ifpe/admin/cohorts/${dakar}`);
    expect(french).toContain('<h2 id="settings">Paramètres</h2>');
    expect(french).toContain('<h2 id="enrolments">Inscriptions</h2>');
    expect(french).toContain('Enregistrer le calendrier');
    expect(french).toMatch(FRENCH_DATE);
    expect(english).toContain('<h2 id="settings">Settings</h2>');
    expectTranslated(french, english);
  });

  it('should answer a visitor in the language of their browser, and English without one', async () => {
    const french = await fetch(`${running.baseUrl}/`, { headers: { 'accept-language': 'fr-SN,fr;q=0.9,en;q=0.5' } });
    const frenchHtml = await french.text();
    expect(frenchHtml).toContain('<h1>Catalogue des formations</h1>');
    const english = await (await fetch(`${running.baseUrl}/`)).text();
    expect(english).toContain('<h1>Course catalogue</h1>');
    expectTranslated(frenchHtml, english, 1);
  });
});
