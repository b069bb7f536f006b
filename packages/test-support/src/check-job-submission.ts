import { expect } from "vitest";
import type { TestApi } from "./api-server.ts";
import { jsonBody } from "./json-body.ts";

/** Submits proxy lines through the API as the key's owner; returns the new job's id. */
export async function submitCheckJob(api: TestApi, key: string, lines: string[]): Promise<string> {
  const response = await fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ proxies_text: lines.join("\n") }),
  });
  const body = await jsonBody(response);
  expect(response.status, JSON.stringify(body)).toBe(202);
  expect(body.total).toBe(lines.length);
  return body.job_id;
}
