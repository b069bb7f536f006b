/**
 * The dashboard's only way to the server: same-origin fetches to the session-authenticated routes.
 * The session lives in an HttpOnly cookie; the CSRF token lives in memory only, fetched on demand
 * and again after sign-in or sign-out, when the server rotates it.
 */
export const DASHBOARD_BASE = "/api/v1/dashboard";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: Promise<string> | null = null;

function currentCsrfToken(): Promise<string> {
  csrfToken ??= fetch(`${DASHBOARD_BASE}/csrf`, { credentials: "same-origin" })
    .then(readJson<{ token: string }>)
    .then((body) => body.token)
    .catch((error: unknown) => {
      csrfToken = null;
      throw error;
    });
  return csrfToken;
}

/** Forget the token; the next state-changing request asks for a fresh one. */
export function resetCsrfToken(): void {
  csrfToken = null;
}

async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const message =
      body && typeof body === "object" && "error" in body && typeof body.error === "string"
        ? body.error
        : `request failed (${response.status})`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function dashboardUrl(path: string, query?: Query): string {
  return `${DASHBOARD_BASE}${path}${queryString(query)}`;
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  const response = await fetch(dashboardUrl(path, query), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  return readJson<T>(response);
}

async function send<T>(method: string, path: string, body: unknown, retried: boolean): Promise<T> {
  const token = await currentCsrfToken();
  const response = await fetch(dashboardUrl(path), {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "x-csrf-token": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A token from before a sign-in or an expired session: fetch a new one and try once more.
  if (response.status === 403 && !retried && /csrf/i.test(await response.clone().text())) {
    resetCsrfToken();
    return send<T>(method, path, body, true);
  }
  return readJson<T>(response);
}

export function post<T>(path: string, body?: unknown): Promise<T> {
  return send<T>("POST", path, body ?? {}, false);
}

export function del<T>(path: string, body?: unknown): Promise<T> {
  return send<T>("DELETE", path, body, false);
}

export function patch<T>(path: string, body?: unknown): Promise<T> {
  return send<T>("PATCH", path, body ?? {}, false);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong";
}
