import { describe, expect, it } from '@jest/globals';
import { formatReceivedAt, linksIn } from './mail-links.js';

describe('linksIn', () => {
  it('should find each link once, without the punctuation that ends a sentence', () => {
    const text =
      'Open http://127.0.0.1:3000/password/set?token=abc_-1 now.\nOr (https://example.org/a).\nAgain: http://127.0.0.1:3000/password/set?token=abc_-1';
    expect(linksIn(text)).toEqual(['http://127.0.0.1:3000/password/set?token=abc_-1', 'https://example.org/a']);
  });

  it('should find nothing in a mail without links', () => {
    expect(linksIn('Hello, no links here. mailto:someone@example.org')).toEqual([]);
  });
});

describe('formatReceivedAt', () => {
  it('should show UTC to the second', () => {
    expect(formatReceivedAt(new Date('2026-03-02T10:00:30.123Z'))).toBe('2026-03-02 10:00:30 UTC');
  });
});
