import puppeteer, { type Browser, type HTTPRequest, type Page, type PDFOptions } from 'puppeteer-core';

export interface PdfRendererSettings {
  /** Debian's Chromium (CHROMIUM_PATH); Puppeteer never downloads a browser here. */
  executablePath: string;
  /** Tabs rendering at the same time; more callers wait for a free one. */
  tabs: number;
  /** A tab is closed and replaced after this many renders, so that memory it leaks is given back. */
  rendersPerTab: number;
}

/** How one document is printed. The HTML carries its own styles and fonts; nothing is fetched. */
export interface PdfPageOptions {
  format?: PDFOptions['format'];
  landscape?: boolean;
  /** Puppeteer's footer template (`<span class="pageNumber">` etc.); its HTML must already be escaped. */
  footerTemplate?: string;
  margin?: PDFOptions['margin'];
  /**
   * How many documents this one render prints (several certificates share a render): counted towards the tab's
   * `rendersPerTab`, so a tab is recycled after about as many documents, whatever the batching.
   */
  documents?: number;
}

export interface PdfRendererStats {
  browserLaunches: number;
  tabsOpened: number;
  renders: number;
}

interface Tab {
  page: Page;
  browser: Browser;
  renders: number;
}

const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Turns HTML into PDF with ONE Chromium per process and a small pool of reused tabs: starting a browser per
 * document costs far more than the render. The browser is relaunched when it dies, and a render caught by its
 * death is tried once more on the new one. Tabs run no JavaScript and may load nothing but data: URLs, so the
 * (untrusted) text of a document can never reach the network.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  /** The launched browser behind `browser`, once it is up. */
  private running: Browser | null = null;
  private readonly idle: Tab[] = [];
  private open = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  private readonly counts: PdfRendererStats = { browserLaunches: 0, tabsOpened: 0, renders: 0 };

  constructor(private readonly settings: PdfRendererSettings) {
    if (settings.tabs < 1 || settings.rendersPerTab < 1)
      throw new Error('PdfRenderer: tabs and rendersPerTab must be ≥ 1');
  }

  async render(html: string, options: PdfPageOptions = {}): Promise<Buffer> {
    try {
      return await this.renderOnce(html, options);
    } catch (error) {
      // The browser died under this render (crash, OOM kill): once more on a fresh one; other errors stand.
      if (!(error instanceof BrowserGoneError)) throw error;
      this.forget(error.browser);
      return this.renderOnce(html, options);
    }
  }

  stats(): PdfRendererStats {
    return { ...this.counts };
  }

  /** The process id of the running browser, or null when none is running (for diagnostics and tests). */
  async browserProcessId(): Promise<number | null> {
    if (!this.browser) return null;
    const browser = await this.browser.catch(() => null);
    return browser?.connected ? (browser.process()?.pid ?? null) : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    const browser = this.browser;
    this.browser = null;
    this.running = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => undefined);
  }

  private async renderOnce(html: string, options: PdfPageOptions): Promise<Buffer> {
    const tab = await this.acquire();
    let healthy = false;
    try {
      await tab.page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
      const pdf = await tab.page.pdf({
        format: options.format ?? 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: false,
        displayHeaderFooter: options.footerTemplate !== undefined,
        headerTemplate: '<span></span>',
        footerTemplate: options.footerTemplate ?? '<span></span>',
        margin: options.margin ?? { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
        timeout: 60_000,
      });
      healthy = true;
      this.counts.renders += 1;
      return Buffer.from(pdf);
    } catch (error) {
      if (!tab.browser.connected) throw new BrowserGoneError(tab.browser, error);
      throw error;
    } finally {
      await this.release(tab, healthy, Math.max(1, options.documents ?? 1));
    }
  }

  private async acquire(): Promise<Tab> {
    if (this.closed) throw new Error('PdfRenderer is closed');
    while (this.idle.length === 0 && this.open >= this.settings.tabs) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const reused = this.idle.pop();
    if (reused) {
      if (reused.browser.connected) return reused;
      this.open -= 1;
      return this.acquire();
    }
    this.open += 1;
    let browser: Browser | null = null;
    try {
      browser = await this.currentBrowser();
      const page = await openTab(browser);
      this.counts.tabsOpened += 1;
      return { page, browser, renders: 0 };
    } catch (error) {
      this.freeSlot();
      if (browser && !browser.connected) throw new BrowserGoneError(browser, error);
      throw error;
    }
  }

  private async release(tab: Tab, healthy: boolean, documents: number): Promise<void> {
    tab.renders += documents;
    if (healthy && !this.closed && tab.browser.connected && tab.renders < this.settings.rendersPerTab) {
      this.idle.push(tab);
      this.waiting.shift()?.();
      return;
    }
    this.freeSlot();
    if (tab.browser.connected) await tab.page.close().catch(() => undefined);
  }

  private freeSlot(): void {
    this.open -= 1;
    this.waiting.shift()?.();
  }

  private currentBrowser(): Promise<Browser> {
    if (!this.browser) {
      const launching = this.launch();
      this.browser = launching;
      // A failed launch is forgotten, so that the next render tries again.
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
    }
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    const runsAsRoot = process.getuid?.() === 0;
    const browser = await puppeteer.launch({
      executablePath: this.settings.executablePath,
      headless: true,
      // Chromium's sandbox cannot start as root (containers); elsewhere it stays on.
      args: runsAsRoot ? ['--no-sandbox', ...CHROMIUM_ARGS] : CHROMIUM_ARGS,
    });
    this.counts.browserLaunches += 1;
    if (this.closed) {
      await browser.close();
      throw new Error('PdfRenderer is closed');
    }
    this.running = browser;
    // Noticed at once when Chromium exits; a render that finds it dead first calls forget() itself.
    browser.once('disconnected', () => this.forget(browser));
    return browser;
  }

  /** Drops a dead browser and its idle tabs (giving back their slots), so that the next render relaunches. */
  private forget(browser: Browser): void {
    if (this.running !== browser) return;
    this.running = null;
    this.browser = null;
    for (let index = this.idle.length - 1; index >= 0; index -= 1) {
      if (this.idle[index].browser === browser) {
        this.idle.splice(index, 1);
        this.freeSlot();
      }
    }
  }
}

/** A render failed because its browser went away: worth one retry on a new browser. */
class BrowserGoneError extends Error {
  constructor(
    readonly browser: Browser,
    cause: unknown,
  ) {
    super(`the browser disconnected during a render: ${String(cause)}`, { cause });
  }
}

async function openTab(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().startsWith('data:')) void request.continue();
    else void request.abort('blockedbyclient');
  });
  return page;
}
