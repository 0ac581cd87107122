import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PdfRenderer } from '../../src/infra/pdf/pdf-renderer.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { CHROMIUM_PATH } from '../support/test-env.js';

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;

describe('PdfRenderer with Debian Chromium', () => {
  let renderer: PdfRenderer;
  let server: Server;
  let hits = 0;
  let origin = '';

  beforeAll(async () => {
    renderer = new PdfRenderer({ executablePath: CHROMIUM_PATH, tabs: 2, rendersPerTab: 3 });
    server = createServer((_request, response) => {
      hits += 1;
      response.end('body { color: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await renderer?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('should print A4 pages with the footer and reuse one browser and its tabs, recycling a tab after its renders', async () => {
    const pdfs = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        renderer.render(page(`<p>Document ${index}</p>`), {
          footerTemplate:
            '<div style="font-size:9px">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        }),
      ),
    );
    const text = await pdfText(pdfs[4]);
    expect(text).toContain('Document 4');
    expect(text).toContain('Page 1 of 1');
    expect(await pdfPageCount(pdfs[0])).toBe(1);
    const stats = renderer.stats();
    expect(stats.browserLaunches).toBe(1);
    // Two tabs at most at a time, each closed after 3 renders: 7 renders need at least 3 tabs, never 7.
    expect(stats.tabsOpened).toBeGreaterThanOrEqual(3);
    expect(stats.tabsOpened).toBeLessThan(7);
  });

  it('should run no script of the document and fetch nothing from the network', async () => {
    const before = hits;
    const pdf = await renderer.render(
      page(
        `<link rel="stylesheet" href="${origin}/style.css"><img src="${origin}/pixel.png">` +
          `<p id="text">Written by the participant</p>` +
          `<script>document.getElementById('text').textContent = 'Changed by a script'; fetch('${origin}/beacon')</script>`,
      ),
    );
    const text = await pdfText(pdf);
    expect(text).toContain('Written by the participant');
    expect(text).not.toContain('Changed by a script');
    expect(hits).toBe(before);
  });

  it('should relaunch Chromium after it was killed, and finish a render that was in flight when it died', async () => {
    await renderer.render(page('<p>warm</p>'));
    const firstPid = await renderer.browserProcessId();
    expect(firstPid).not.toBeNull();
    process.kill(firstPid!, 'SIGKILL');
    // Killed between renders: the next render starts a new browser.
    expect(await pdfText(await renderer.render(page('<p>After the crash</p>')))).toContain('After the crash');
    const secondPid = await renderer.browserProcessId();
    expect(secondPid).not.toBeNull();
    expect(secondPid).not.toBe(firstPid);

    // Killed while a render runs: the render is retried once on a relaunched browser.
    const inFlight = renderer.render(page(`<p>${'A long plan. '.repeat(20_000)}</p><p>In flight</p>`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    process.kill(secondPid!, 'SIGKILL');
    expect(await pdfText(await inFlight)).toContain('In flight');
    expect(await renderer.browserProcessId()).not.toBe(secondPid);
    expect(renderer.stats().browserLaunches).toBe(3);
  });
});
