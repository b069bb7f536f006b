import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { createLogger } from "@sieve/core";
import { mintJudgeNonce, verifyJudgeAnswer } from "@sieve/probe";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JudgeConfig } from "../src/config.ts";
import { createJudge, type Judge } from "../src/create-judge.ts";
import { loadTlsCredentials, type TlsCredentials } from "../src/tls-credentials.ts";

const secret = "judge-test-secret-0123456789";
const nonce = mintJudgeNonce(secret, { lifetimeMs: 600_000 });
const logger = createLogger({ service: "judge", silent: true });

/** `ca` given: the certificate must chain to it (host names aside); otherwise anything goes. */
function httpsGet(url: string, ca?: string): Promise<{ status: number; body: string; commonName: string }> {
  return new Promise((resolve, reject) => {
    const verification = ca ? { ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
    const req = request(url, verification, (response) => {
      const commonName = String((response.socket as TLSSocket).getPeerCertificate().subject?.CN);
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, commonName }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("judge", () => {
  let tls: TlsCredentials;
  let judge: Judge;
  let ports: { httpPort: number; httpsPort: number };

  beforeAll(async () => {
    tls = await loadTlsCredentials({});
    judge = createJudge({ secret, tls, logger });
    ports = await judge.listen({ host: "::", httpPort: 0, httpsPort: 0 });
  });
  afterAll(() => judge.close());

  it("answers over IPv4 with the TCP peer, the headers it received and the nonce, signed", async () => {
    const response = await fetch(`http://127.0.0.1:${ports.httpPort}/?nonce=${nonce}`, {
      headers: { "X-Forwarded-For": "198.51.100.9" },
    });

    const answer = verifyJudgeAnswer(secret, await response.text(), nonce);

    expect(response.status).toBe(200);
    expect(answer?.ip).toBe("127.0.0.1");
    expect(answer?.headers).toContainEqual(["X-Forwarded-For", "198.51.100.9"]);
  });

  it("answers over IPv6 with the IPv6 peer address", async () => {
    const response = await fetch(`http://[::1]:${ports.httpPort}/any/path?nonce=${nonce}`);

    expect(verifyJudgeAnswer(secret, await response.text(), nonce)?.ip).toBe("::1");
  });

  it("answers over HTTPS with a self-signed certificate made at start", async () => {
    const response = await httpsGet(`https://127.0.0.1:${ports.httpsPort}/?nonce=${nonce}`);

    expect(response.status).toBe(200);
    expect(verifyJudgeAnswer(secret, response.body, nonce)?.ip).toBe("127.0.0.1");
    expect(response.commonName).toBe("sieve-judge");
  });

  it("answers plain HTTP on its TLS port too, as probes ask through a CONNECT tunnel", async () => {
    const response = await fetch(`http://127.0.0.1:${ports.httpsPort}/?nonce=${nonce}`);

    expect(response.status).toBe(200);
    expect(verifyJudgeAnswer(secret, await response.text(), nonce)?.ip).toBe("127.0.0.1");
  });

  it("asks for a nonce", async () => {
    const missing = await fetch(`http://127.0.0.1:${ports.httpPort}/`);
    const malformed = await fetch(`http://127.0.0.1:${ports.httpPort}/?nonce=short`);

    expect(missing.status).toBe(400);
    expect(malformed.status).toBe(400);
    expect(await missing.json()).toHaveProperty("error");
  });

  it("serves the operator's certificate when configured", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-judge-tls-"));
    await writeFile(join(dir, "cert.pem"), tls.cert);
    await writeFile(join(dir, "key.pem"), tls.key);
    const own = await loadTlsCredentials({ certFile: join(dir, "cert.pem"), keyFile: join(dir, "key.pem") });
    const other = createJudge({ secret, tls: own, logger });
    const otherPorts = await other.listen({ host: "127.0.0.1", httpPort: 0, httpsPort: 0 });

    const response = await httpsGet(`https://127.0.0.1:${otherPorts.httpsPort}/?nonce=${nonce}`, tls.cert);

    expect(response.status).toBe(200);
    await other.close();
    await other.close();
    await rm(dir, { recursive: true });
  });
});

describe("judge config", () => {
  it("has defaults for all but the secret", () => {
    expect(parseConfig(JudgeConfig, { JUDGE_SECRET: secret })).toMatchObject({
      JUDGE_HOST: "::",
      JUDGE_HTTP_PORT: 8080,
      JUDGE_HTTPS_PORT: 8443,
      JUDGE_MAX_REQUESTS_PER_SECOND: 20_000,
      JUDGE_MAX_REFUSED_PER_MINUTE: 60,
    });
  });

  it.each([
    [{}, /JUDGE_SECRET/],
    [{ JUDGE_SECRET: secret, JUDGE_HTTP_PORT: "70000" }, /JUDGE_HTTP_PORT/],
    [{ JUDGE_SECRET: secret, JUDGE_MAX_REFUSED_PER_MINUTE: "0" }, /JUDGE_MAX_REFUSED_PER_MINUTE/],
    [{ JUDGE_SECRET: secret, JUDGE_TLS_CERT_FILE: "/tmp/cert.pem" }, /JUDGE_TLS_CERT_FILE.*set together/],
  ])("names the bad variable in %j", (env, message) => {
    expect(() => parseConfig(JudgeConfig, env)).toThrow(ConfigError);
    expect(() => parseConfig(JudgeConfig, env)).toThrow(message);
  });
});
