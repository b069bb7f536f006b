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
import { ReferenceTable } from "../docs/reference-table.tsx";
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
        <LabelledCode label="Base URL" testId="base-url">
          {base}
        </LabelledCode>
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
        <ReferenceTable
          caption="Default limits per category"
          columns={["Category", "Applies to", "Free", "Premium"]}
          rows={description.rateLimits}
          name={(limit) => limit.category}
          codeNames
          cells={(limit) => [limit.appliesTo, limit.free, limit.premium]}
        />
      </section>

      <section aria-labelledby="errors">
        <h2 id="errors">Errors</h2>
        <p>
          Errors are returned as JSON: <code>{'{"error": "message"}'}</code>, with a stable <code>code</code>{" "}
          beside the message for programs: <code>{'{"error": "job not found", "code": "not_found"}'}</code>.
        </p>
        <ReferenceTable
          caption="Status codes"
          columns={["Status", "Meaning"]}
          rows={description.errors}
          name={(error) => error.status}
          cells={(error) => [error.meaning]}
        />
        <ReferenceTable
          caption="Error codes"
          columns={["Code", "Status", "Meaning"]}
          rows={description.errorCodes}
          name={(row) => row.code}
          codeNames
          cells={(row) => [row.status, row.meaning]}
        />
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
        <ReferenceTable
          caption={<>Parameters of {endpoint.path}</>}
          columns={["Parameter", "Type", "Description"]}
          rows={endpoint.parameters}
          name={(parameter) => parameter.name}
          codeNames
          cells={(parameter) => [parameter.type || "—", parameter.description]}
        />
      ) : null}
      {endpoint.curl ? <LabelledCode label="curl">{withBase(endpoint.curl, base)}</LabelledCode> : null}
      {endpoint.response ? <LabelledCode label="response">{endpoint.response}</LabelledCode> : null}
      {endpoint.tryPath ? <TryRequest base={base} path={endpoint.tryPath} /> : null}
    </section>
  );
}

/** A block of code under a small label that says what it is. */
function LabelledCode({ label, testId, children }: { label: string; testId?: string; children: string }) {
  return (
    <>
      <p className="label">{label}</p>
      <pre>
        <code data-testid={testId}>{children}</code>
      </pre>
    </>
  );
}
