import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(tool, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(`${tool} failed: ${error.message}`)) : resolve(stdout),
    ),
  );
}

async function withPdf<T>(pdf: Buffer, work: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-pdf-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    return await work(path.join(dir, 'in.pdf'), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The names of the fonts embedded in a PDF (pdffonts, poppler-utils), without their subset prefix. */
export function embeddedFonts(pdf: Buffer): Promise<string[]> {
  return withPdf(pdf, async (file) => {
    const lines = (await run('pdffonts', [file])).split('\n').slice(2);
    return lines
      .filter((line) => line.trim().length > 0)
      .map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''));
  });
}

/** A file attached to a PDF, by name (pdfdetach, poppler-utils); null when there is none of that name. */
export function pdfAttachment(pdf: Buffer, name: string): Promise<Buffer | null> {
  return withPdf(pdf, async (file, dir) => {
    const list = await run('pdfdetach', ['-list', file]);
    const index = list
      .split('\n')
      .slice(1)
      .findIndex((line) => line.replace(/^\s*\d+:\s*/, '') === name);
    if (index < 0) return null;
    const out = path.join(dir, 'attachment');
    await run('pdfdetach', ['-save', String(index + 1), '-o', out, file]);
    return readFile(out);
  });
}
