import { Link } from "wouter";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import {
  type ApiDescription,
  type EndpointDoc,
  loadApiDescription,
  OPENAPI_URL,
  withBase,
} from "../docs/api-description.ts";
import { TryRequest } from "../docs/try-request.tsx";
import { useLoad } from "../use-load.ts";

/** This deployment's API, as the browser reaches it. */
export function apiBaseUrl(): string {
  return `${window.location.origin}/api/v1`;
}

/** The page around the API's own OpenAPI document, loaded as the page opens. */
export function DocsPage() {
  const loaded = useLoad(loadApiDescription, []);
  const base = apiBaseUrl();
  return (
    <article className="docs">
      <p>
        <Link href="/account/keys">Back to API Keys</Link>
      </p>
      <p className="eyebrow">Developer API</p>
      <PageTitle>API Documentation</PageTitle>
      <p>
        Check proxies, read job results, and pull verified proxy lists programmatically. All endpoints are
        authenticated with an API key and rate limited per account tier.
      </p>

      <section aria-labelledby="getting-started">
        <h2 id="getting-started">Getting started</h2>
        <ol className="steps">
          <li>
            <h3>Create a key</h3>
            <p>
              Generate an API key at <Link href="/account/keys">Account → API Keys</Link>. The full key is
              shown only once.
            </p>
          </li>
          <li>
            <h3>Call the API</h3>
            <p>Send the key in the Authorization header on every request.</p>
          </li>
          <li>
            <h3>Go premium</h3>
            <p>Premium accounts get higher rate limits and access to the premium proxy pool.</p>
          </li>
        </ol>
        <p className="label">Base URL</p>
        <pre>
          <code data-testid="base-url">{base}</code>
        </pre>
      </section>

      <section aria-labelledby="authentication">
        <h2 id="authentication">Authentication</h2>
        <p>
          Every request must include your API key as a Bearer token. Keys start with <code>pk_live_</code> and
          are tied to your account's role and permissions.
        </p>
        <pre>
          <code>Authorization: Bearer pk_live_YOUR_KEY</code>
        </pre>
        <p>
          Treat keys like passwords: never commit them, never expose them in client-side code. Revoking a key
          at Account → API Keys blocks it immediately.
        </p>
      </section>

      <p>
        The machine-readable description of every endpoint below is the OpenAPI 3.1 document at{" "}
        <a href={OPENAPI_URL}>
          <code>{`${base}/openapi.json`}</code>
        </a>
        ; this page is rendered from it.
      </p>
      <ErrorNotice message={loaded.error} />
      {loaded.data ? <Reference description={loaded.data} base={base} /> : null}
      <p>
        <Link href="/account/keys">Back to API Keys</Link>
      </p>
    </article>
  );
}

function Reference({ description, base }: { description: ApiDescription; base: string }) {
  return (
    <>
      <section aria-labelledby="endpoints">
        <h2 id="endpoints">Endpoints</h2>
        {description.endpoints.map((endpoint) => (
          <Endpoint key={endpoint.id} endpoint={endpoint} base={base} />
        ))}
      </section>

      <section aria-labelledby="rate-limits">
        <h2 id="rate-limits">Rate limits</h2>
        <p>
          Limits are applied per API key. When a limit is exceeded the API returns 429 Too Many Requests —
          back off and retry after the window resets. Default limits:
        </p>
        <p>
          Every authenticated response says what is left, per the IETF RateLimit header draft:{" "}
          <code>{'RateLimit-Policy: "api_read";q=60;w=60'}</code> and{" "}
          <code>{'RateLimit: "api_read";r=59;t=41'}</code> (59 left, the window resets in 41 seconds); a 429
          carries <code>Retry-After</code>. <code>GET /api/account</code> shows every category at once without
          spending any.
        </p>
        <table>
          <caption>Default limits per category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Applies to</th>
              <th scope="col">Free</th>
              <th scope="col">Premium</th>
            </tr>
          </thead>
          <tbody>
            {description.rateLimits.map((limit) => (
              <tr key={limit.category}>
                <th scope="row">
                  <code>{limit.category}</code>
                </th>
                <td>{limit.appliesTo}</td>
                <td>{limit.free}</td>
                <td>{limit.premium}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="errors">
        <h2 id="errors">Errors</h2>
        <p>
          Errors are returned as JSON: <code>{'{"error": "message"}'}</code>, with a stable <code>code</code>{" "}
          beside the message for programs: <code>{'{"error": "job not found", "code": "not_found"}'}</code>.
        </p>
        <table>
          <caption>Status codes</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {description.errors.map((error) => (
              <tr key={error.status}>
                <th scope="row">{error.status}</th>
                <td>{error.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Error codes</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Status</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {description.errorCodes.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <code>{row.code}</code>
                </th>
                <td>{row.status}</td>
                <td>{row.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="examples">
        <h2 id="examples">Code examples</h2>
        <p>Full check-and-poll workflow: submit proxies, wait for the job, read results.</p>
        <pre>
          <code>{withBase(description.workflow, base)}</code>
        </pre>
      </section>
    </>
  );
}

function Endpoint({ endpoint, base }: { endpoint: EndpointDoc; base: string }) {
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <section className="endpoint" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className={`method method-${endpoint.method.toLowerCase()}`}>{endpoint.method}</span>{" "}
        <code>{endpoint.path}</code>
      </h3>
      <p>{endpoint.summary}</p>
      <p className="meta">
        Permission <code>{endpoint.permission}</code> · Rate limit <code>{endpoint.category}</code>
      </p>
      {endpoint.parameters.length > 0 ? (
        <table>
          <caption>Parameters of {endpoint.path}</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {endpoint.parameters.map((parameter) => (
              <tr key={parameter.name}>
                <th scope="row">
                  <code>{parameter.name}</code>
                </th>
                <td>{parameter.type || "—"}</td>
                <td>{parameter.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {endpoint.curl ? (
        <>
          <p className="label">curl</p>
          <pre>
            <code>{withBase(endpoint.curl, base)}</code>
          </pre>
        </>
      ) : null}
      {endpoint.response ? (
        <>
          <p className="label">response</p>
          <pre>
            <code>{endpoint.response}</code>
          </pre>
        </>
      ) : null}
      {endpoint.tryPath ? <TryRequest base={base} path={endpoint.tryPath} /> : null}
    </section>
  );
}
