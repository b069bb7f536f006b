import http from "node:http";
import https from "node:https";
import { GuardedHostRefused, type Resolve, resolveGuarded } from "@sieve/vocabulary";
import { pinnedLookup } from "../net/pinned-lookup.ts";

export interface WebhookPostOptions {
  /** The webhooks' target guard. */
  allows(address: string): boolean;
  timeoutMs: number;
  /** Bytes of the answer read at most; the rest is not waited for. */
  maxResponseBytes: number;
  resolve?: Resolve;
}

/** A call the guard refuses: retrying cannot help. */
export class WebhookRefused extends Error {}

/**
 * POSTs a webhook: the host resolved and every address checked by the guard right before
 * connecting, the connection pinned to the checked address, no redirect followed, the whole call
 * bounded in time and in bytes read. Resolves with the HTTP status.
 */
export async function postWebhook(
  location: string,
  body: string,
  headers: Record<string, string>,
  options: WebhookPostOptions,
): Promise<number> {
  const url = new URL(location);
  let addresses: string[];
  try {
    addresses = await resolveGuarded(url.hostname, options.allows, options.resolve);
  } catch (error) {
    throw error instanceof GuardedHostRefused ? new WebhookRefused(error.message) : error;
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup(addresses[0]!),
        signal,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "sieve-webhooks",
        },
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > options.maxResponseBytes) response.destroy();
        });
        response.on("close", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", (error) =>
      reject(signal.aborted ? new Error(`timed out after ${options.timeoutMs} ms`) : error),
    );
    request.end(body);
  });
}
