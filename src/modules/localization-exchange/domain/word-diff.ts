/** A run of the old text kept, deleted or inserted. */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

// Past this many cells the LCS table costs too much memory: the texts are shown as replaced whole.
const MAX_CELLS = 4_000_000;

/**
 * Words with the whitespace before them (and trailing whitespace alone), so the parts joined give the text back
 * exactly and a space never matches on its own.
 */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/gu) ?? [];
}

/**
 * A word-level diff of two texts (longest common subsequence of tokens): joining the `same` and `del` parts gives the
 * old text, joining `same` and `ins` the new one. Adjacent parts of one kind are merged.
 */
export function wordDiff(oldText: string, newText: string): DiffPart[] {
  const a = tokenize(oldText);
  const b = tokenize(newText);
  // Common prefix and suffix cost nothing and keep the table small for the usual small edit.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    push('del', midA.join(''));
    push('ins', midB.join(''));
  } else {
    for (const part of lcsDiff(midA, midB)) push(part.kind, part.text);
  }
  push('same', a.slice(endA).join(''));
  return parts;
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const width = b.length + 1;
  // lengths[i * width + j] = LCS length of a[i..] and b[j..]
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      parts.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1])) {
      // Deletions first on a tie, so a replaced word reads as old then new.
      parts.push({ kind: 'del', text: a[i] });
      i++;
    } else {
      parts.push({ kind: 'ins', text: b[j] });
      j++;
    }
  }
  return parts;
}
