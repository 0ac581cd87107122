import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(tool, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(`${tool} failed: ${error.message}`)) : resolve(stdout),
    ),
  );
}

/**
 * The QR codes printed on a PDF's first page: the page rasterised by pdftoppm (poppler-utils), read by zbarimg
 * (Debian zbar-tools, installed by scripts/services.sh).
 */
export async function qrCodesOf(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-qr-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', [
      '-r',
      '150',
      '-f',
      '1',
      '-l',
      '1',
      '-png',
      path.join(dir, 'in.pdf'),
      path.join(dir, 'page'),
    ]);
    const [image] = (await readdir(dir)).filter((name) => name.endsWith('.png'));
    const output = await run('zbarimg', ['--quiet', '--raw', path.join(dir, image)]);
    return output.split('\n').filter((line) => line.length > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
