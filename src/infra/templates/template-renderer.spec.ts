import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { TemplateRenderer } from './template-renderer.js';

function featureWith(view: string, en: string, fr: string): string {
  const feature = mkdtempSync(path.join(tmpdir(), 'feature-'));
  mkdirSync(path.join(feature, 'views'));
  mkdirSync(path.join(feature, 'i18n'));
  writeFileSync(path.join(feature, 'views', 'sample.hbs'), view);
  writeFileSync(path.join(feature, 'i18n', 'en.yaml'), en);
  writeFileSync(path.join(feature, 'i18n', 'fr.yaml'), fr);
  return path.join(feature, 'views');
}

describe('TemplateRenderer in a locale', () => {
  const renderer = new TemplateRenderer([
    featureWith(
      '<p>{{t "sample.due" count=count}}</p><p>{{formatDate due}}</p><p>{{formatNumber mean}} · {{formatPercent share}}</p>',
      'sample:\n  due: "{count, plural, one {# plan} other {# plans}} to grade"\n',
      'sample:\n  due: "{count, plural, one {# plan} other {# plans}} à noter"\n',
    ),
  ]);
  const context = { count: 2, due: new Date('2026-03-05T12:00:00Z'), mean: 1234.5, share: 0.875 };

  it('should format messages, dates and numbers by the locale', () => {
    expect(renderer.renderView('sample', context, 'en')).toBe(
      '<p>2 plans to grade</p><p>5 March 2026</p><p>1,234.5 · 88%</p>',
    );
    expect(renderer.renderView('sample', context, 'fr')).toBe(
      '<p>2 plans à noter</p><p>5 mars 2026</p><p>1\u202f234,5 · 88\u00a0%</p>',
    );
  });

  it('should set the language and direction of the page and offer the other languages', () => {
    const page = renderer.renderPage('sample', { title: 'T' }, context, null, 'fr');
    expect(page).toContain('<html lang="fr" dir="ltr">');
    expect(page).toContain('Aller au contenu');
    expect(page).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>');
    expect(renderer.renderPage('sample', { title: 'T' }, context, null, 'en')).toContain(
      '<a href="?lang=fr" hreflang="fr" lang="fr">Français</a>',
    );
  });

  it('should format a message built in code, and mark content in another language than the page', () => {
    const coded = new TemplateRenderer([
      featureWith(
        '<p>{{t rule}}</p><h1{{langAttr language}}>{{title}}</h1>',
        'sample:\n  rule: "Pass at least {count} quizzes."\n',
        'sample:\n  rule: "Réussir au moins {count} quiz."\n',
      ),
    ]);
    const model = { rule: { key: 'sample.rule', values: { count: 3 } }, language: 'en', title: 'Networks' };
    expect(coded.renderView('sample', model, 'en')).toBe('<p>Pass at least 3 quizzes.</p><h1>Networks</h1>');
    expect(coded.renderView('sample', model, 'fr')).toBe('<p>Réussir au moins 3 quiz.</p><h1 lang="en">Networks</h1>');
  });

  it('should refuse to render a translated view without a locale', () => {
    expect(() => renderer.renderView('sample', context, undefined as never)).toThrow('without a locale');
  });
});
