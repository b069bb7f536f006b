import { jsonBody, type TestApi, waitFor } from "@sieve/test-support";

/** POSTs `body` (a string as it is, anything else as JSON) to the API's check endpoint as `key`. */
export function submit(api: TestApi, key: string, body: unknown, contentType = "application/json") {
  return fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Resolves with the job as `GET /jobs/:id` answers it once it is completed (within 30 s). */
export function waitForJob(api: TestApi, key: string, jobId: string) {
  return waitFor(
    async () => {
      const job = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, key));
      return job.status === "completed" ? (job as { status: string }) : undefined;
    },
    { timeout: 30_000, interval: 200 },
  );
}
