import { execFile } from 'node:child_process';

/** Runs a poppler tool (Debian poppler-utils, installed by scripts/services.sh) on a PDF given on stdin. */
function poppler(tool: string, args: string[], pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(tool, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(`${tool} failed: ${error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(pdf);
  });
}

/** The text of a PDF as pdftotext reads it. */
export function pdfText(pdf: Buffer): Promise<string> {
  return poppler('pdftotext', ['-enc', 'UTF-8', '-', '-'], pdf);
}

/** The number of pages of a PDF, from pdfinfo. */
export async function pdfPageCount(pdf: Buffer): Promise<number> {
  const info = await poppler('pdfinfo', ['-'], pdf);
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match) throw new Error(`pdfinfo gave no page count:\n${info}`);
  return Number(match[1]);
}
