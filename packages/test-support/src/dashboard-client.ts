/**
 * A browser-like client of the dashboard API: keeps cookies, sends the CSRF token it was given,
 * and talks to the public API with keys. Plain fetch underneath, against the real server.
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly baseUrl: string) {}

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && options.csrf !== false && this.csrf) headers["x-csrf-token"] = this.csrf;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      redirect: "manual",
    });
    this.keep(response);
    return response;
  }

  /** Dashboard route under /api/v1/dashboard. */
  dash(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; csrf?: boolean } = {},
  ) {
    return this.request(method, `/api/v1/dashboard${path}`, {
      ...options,
      ...(body !== undefined ? { body } : {}),
    });
  }

  async refreshCsrf(): Promise<string> {
    const response = await this.dash("GET", "/csrf");
    if (response.status !== 200) throw new Error(`GET /csrf answered ${response.status}`);
    this.csrf = ((await response.json()) as { token: string }).token;
    return this.csrf;
  }

  /** Signs in and takes the token of the new session, as the front end does. */
  async signIn(email: string, password: string): Promise<Response> {
    if (!this.csrf) await this.refreshCsrf();
    const response = await this.dash("POST", "/auth/signin", { email, password });
    if (response.status === 200) await this.refreshCsrf();
    return response;
  }
}
