import { connect } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { jsonBody, type TestAccount, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

const checkBody = JSON.stringify({ proxies_text: "192.0.2.1:8080" });

function postEncoded(
  { api, owner }: { api: TestApi; owner: TestAccount },
  body: Buffer,
  encoding: string,
  contentType = "application/json",
) {
  return fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${owner.key}`,
      "Content-Type": contentType,
      "Content-Encoding": encoding,
    },
    // A plain Uint8Array: with DOM types in the program (the browser tests), a Buffer is no BodyInit.
    body: new Uint8Array(body),
  });
}

/** Sends raw bytes and reads the whole answer, for requests no HTTP client would send. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let answer = "";
    socket.on("data", (data) => {
      answer += data.toString("latin1");
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.end(request);
  });
}

describe("compressed request bodies", () => {
  test.for<[string, Buffer]>([
    ["gzip", gzipSync(checkBody)],
    ["deflate", deflateSync(checkBody)],
    ["br", brotliCompressSync(checkBody)],
  ])("takes a well-formed %s body", async ([encoding, body], { api, owner }) => {
    const response = await postEncoded({ api, owner }, body, encoding);
    expect(response.status).toBe(202);
  });

  test.for<[string, Buffer]>([
    ["gzip", gzipSync(checkBody).subarray(0, 12)],
    ["gzip", Buffer.from("not gzip at all")],
    ["deflate", Buffer.from("not deflate at all")],
    ["br", Buffer.from("not brotli at all")],
    ["br", brotliCompressSync(checkBody).subarray(0, 5)],
  ])("answers a corrupt or truncated %s body with 400", async ([encoding, body], { api, owner }) => {
    const response = await postEncoded({ api, owner }, body, encoding);
    expect(response.status).toBe(400);
    expect(await jsonBody(response)).toEqual({
      code: "invalid_request",
      error: `request body is not valid ${encoding} data`,
    });
  });

  test("answers an encoding Sieve does not take with 415", async ({ api, owner }) => {
    const response = await postEncoded({ api, owner }, Buffer.from(checkBody), "zstd");
    expect(response.status).toBe(415);
    expect(await jsonBody(response)).toEqual({
      code: "unsupported_media_type",
      error: "Content-Encoding zstd is not supported: send identity, gzip, deflate or br",
    });
  });
});

describe("oversized request headers", () => {
  test("answers 431 with a JSON error body", async ({ api }) => {
    const answer = await rawRequest(
      Number(new URL(api.url).port),
      `GET /api/v1/api/proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(body)).toEqual({
      code: "invalid_request",
      error: "request headers are larger than the server accepts",
    });
  });
});

describe("POST /api/check fields", () => {
  test("refuses an unknown JSON field and names it", async ({ api, owner }) => {
    const response = await fetch(`${api.url}/api/v1/api/check`, {
      method: "POST",
      headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ proxies_text: "192.0.2.1:8080", include_anonimity: true }),
    });
    expect(response.status).toBe(400);
    expect(await jsonBody(response)).toEqual({
      code: "invalid_request",
      error: 'unknown field "include_anonimity"',
    });
  });
});
