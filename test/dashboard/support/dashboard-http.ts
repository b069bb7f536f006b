/**
 * A dashboard client in Node with its own cookie jar, for setting up accounts and for requests a
 * browser page would not make (no CSRF token, a foreign Origin).
 */
export class DashboardHttp {
  private readonly cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.trim().split(/=(.*)/s);
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    // The token first: fetching it sets the cookie it is checked against.
    if (options.csrf !== false && method !== "GET") headers["x-csrf-token"] = await this.token();
    if (this.cookies.size > 0) headers.Cookie = this.cookieHeader();
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, options.headers);
    const response = await fetch(`${this.baseUrl}/api/v1/dashboard${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  async token(): Promise<string> {
    if (this.csrf) return this.csrf;
    const response = await this.request("GET", "/csrf");
    if (!response.ok) throw new Error(`GET /csrf answered ${response.status}`);
    this.csrf = ((await response.json()) as { token: string }).token;
    return this.csrf;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, { body: body ?? (method === "GET" ? undefined : {}) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.json("POST", "/auth/signin", { email, password });
    // The token is bound to the session, which sign-in replaced.
    this.csrf = null;
  }
}
