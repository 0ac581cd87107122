/**
 * A tiny cookie-keeping HTTP client for e2e tests: what a browser does with cookies and form posts,
 * without a browser.
 */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', path, undefined, headers);
  }

  /** Posts a form as a browser would: application/x-www-form-urlencoded. */
  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('POST', path, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** Posts a multipart form (file uploads), as a browser does for enctype="multipart/form-data". */
  postMultipart(path: string, form: FormData, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('POST', path, form, headers);
  }

  /** Opens a page and returns the CSRF token of its first form. */
  async csrfTokenFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1];
  }

  async logIn(email: string, password: string): Promise<Response> {
    const token = await this.csrfTokenFrom('/login');
    return this.postForm('/login', { _csrf: token, email, password, next: '/me' });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(method: string, path: string, body: string | FormData | undefined, headers: Record<string, string>) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '), ...headers },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}
