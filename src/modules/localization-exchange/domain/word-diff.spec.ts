import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { wordDiff, type DiffPart } from './word-diff.js';

const side = (parts: DiffPart[], keep: 'del' | 'ins') =>
  parts
    .filter((part) => part.kind === 'same' || part.kind === keep)
    .map((part) => part.text)
    .join('');

describe('wordDiff', () => {
  it('should mark the replaced word only', () => {
    expect(wordDiff('Networks share resources.', 'Clusters share resources.')).toEqual([
      { kind: 'del', text: 'Networks' },
      { kind: 'ins', text: 'Clusters' },
      { kind: 'same', text: ' share resources.' },
    ]);
  });

  it('should mark an inserted and a deleted word inside a sentence', () => {
    expect(wordDiff('Schools meet every month.', 'Schools of a cluster meet monthly.')).toEqual([
      { kind: 'same', text: 'Schools' },
      { kind: 'ins', text: ' of a cluster' },
      { kind: 'same', text: ' meet' },
      { kind: 'del', text: ' every month.' },
      { kind: 'ins', text: ' monthly.' },
    ]);
  });

  it('should give one same part for equal texts and nothing for two empty texts', () => {
    expect(wordDiff('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('should always give back both texts exactly (property)', () => {
    const words = fc.array(fc.constantFrom('a', 'b', 'c', 'cluster', ' ', '\n', '  ', 'é'), { maxLength: 30 });
    fc.assert(
      fc.property(words, words, (left, right) => {
        const oldText = left.join('');
        const newText = right.join('');
        const parts = wordDiff(oldText, newText);
        expect(side(parts, 'del')).toBe(oldText);
        expect(side(parts, 'ins')).toBe(newText);
      }),
    );
  });
});
