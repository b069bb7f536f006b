import type { TestApi } from "@sieve/test-support";

/** POSTs `body` (a string as it is, anything else as JSON) to the API's check endpoint as `key`. */
export function submit(api: TestApi, key: string, body: unknown, contentType = "application/json") {
  return fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
