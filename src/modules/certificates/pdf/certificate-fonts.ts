import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Debian's fonts-noto-core (installed by scripts/services.sh): one file per script, Arabic and Devanagari included. */
export const NOTO_DIR = '/usr/share/fonts/truetype/noto';
/** Latin subsets of Noto Serif kept in the repository (see fonts/README.md): small enough to inline in every render. */
const BUNDLED_DIR = path.join(import.meta.dirname, 'fonts');

interface ScriptFont {
  family: string;
  dir: string;
  /** Matches any character of the script. */
  pattern: RegExp;
  regular: string;
  bold: string | null;
}

/** The CSS a certificate needs: @font-face rules with the fonts inlined, and the font stack to use them. */
export interface FontSelection {
  faces: string;
  family: string;
}

/**
 * Fonts inlined into the certificate's HTML as data: URIs, so the PDF never depends on what fonts the rendering
 * machine has (and the renderer's tabs may load nothing else). Only the scripts a document's text uses are
 * inlined: Latin always, from the small subsets in fonts/; Greek and Cyrillic get the whole Noto Serif; any other
 * script found gets its Noto Serif face when Debian ships one, else its Noto Sans face (Arabic: Noto Naskh Arabic).
 * Base64 strings are made once.
 */
export class CertificateFonts {
  private readonly latin: ScriptFont;
  private readonly scripts: ScriptFont[];
  private readonly encoded = new Map<string, string>();

  constructor(dir = NOTO_DIR, bundledDir = BUNDLED_DIR) {
    if (!existsSync(path.join(dir, 'NotoSerif-Regular.ttf')))
      throw new Error(`certificate fonts: ${dir}/NotoSerif-Regular.ttf is missing (install Debian's fonts-noto-core)`);
    this.latin = {
      family: 'cert-latin',
      dir: bundledDir,
      pattern: /\p{Script=Latin}/u,
      regular: 'NotoSerif-Latin-Regular.ttf',
      bold: 'NotoSerif-Latin-Bold.ttf',
    };
    const greekCyrillic: ScriptFont = {
      family: 'cert-serif',
      dir,
      pattern: /[\p{Script=Greek}\p{Script=Cyrillic}]/u,
      regular: 'NotoSerif-Regular.ttf',
      bold: 'NotoSerif-Bold.ttf',
    };
    this.scripts = [greekCyrillic, ...scriptFonts(dir)];
  }

  /** The faces for a document whose text is `text` (Latin is always there: labels, serials and dates). */
  select(text: string): FontSelection {
    const chosen = [this.latin];
    // Plain ASCII and Latin-1 need nothing more: most documents stop here.
    if (/[^\p{ASCII}\u0080-\u024f\u2000-\u206f]/u.test(text))
      for (const font of this.scripts) if (font.pattern.test(text)) chosen.push(font);
    const faces = chosen
      .flatMap((font) => [this.face(font, font.regular, 400), ...(font.bold ? [this.face(font, font.bold, 700)] : [])])
      .join('\n');
    return { faces, family: [...chosen.map((font) => `'${font.family}'`), 'serif'].join(', ') };
  }

  private face(font: ScriptFont, file: string, weight: number): string {
    const key = path.join(font.dir, file);
    let data = this.encoded.get(key);
    if (!data) {
      data = readFileSync(key).toString('base64');
      this.encoded.set(key, data);
    }
    return `@font-face { font-family: '${font.family}'; font-weight: ${weight}; src: url(data:font/ttf;base64,${data}) format('truetype'); }`;
  }
}

/** Every script Debian's Noto has a face for, matched by the script's Unicode name (file stem in snake case). */
function scriptFonts(dir: string): ScriptFont[] {
  const files = new Set(readdirSync(dir));
  const stems = new Set<string>();
  for (const file of files) {
    const match = /^Noto(?:Sans|Serif)([A-Z][A-Za-z]+)-Regular\.ttf$/.exec(file);
    if (match) stems.add(match[1]);
  }
  const preferred: Record<string, string> = { Arabic: 'NotoNaskhArabic' };
  const fonts: ScriptFont[] = [];
  for (const stem of [...stems].sort()) {
    const script = stem.replace(/([a-z])([A-Z])/g, '$1_$2');
    let pattern: RegExp;
    try {
      pattern = new RegExp(`\\p{Script=${script}}`, 'u');
    } catch {
      continue; // not a script name (Display, Math, Symbols…)
    }
    if (['Latin', 'Greek', 'Cyrillic', 'Common'].includes(script)) continue;
    const base = [preferred[stem], `NotoSerif${stem}`, `NotoSans${stem}`].find(
      (name) => name !== undefined && files.has(`${name}-Regular.ttf`),
    );
    if (!base) continue;
    fonts.push({
      family: `cert-${stem.toLowerCase()}`,
      dir,
      pattern,
      regular: `${base}-Regular.ttf`,
      bold: files.has(`${base}-Bold.ttf`) ? `${base}-Bold.ttf` : null,
    });
  }
  return fonts;
}
