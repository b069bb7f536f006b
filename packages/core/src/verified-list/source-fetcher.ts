import { lookup as dnsLookup } from "node:dns/promises";
import { readFile, stat } from "node:fs/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { pinnedLookup } from "../net/pinned-lookup.ts";

export interface SourceFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** The probes' target guard: a source may only be fetched from an address it allows. */
  allows(address: string): boolean;
  resolve?: (hostname: string) => Promise<string[]>;
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether a source location names a file rather than an http(s) URL. */
export function isFileLocation(location: string): boolean {
  return location.startsWith("file://") || location.startsWith("/");
}

const defaultResolve = async (hostname: string) =>
  (await dnsLookup(hostname, { all: true })).map((entry) => entry.address);

async function allowedAddress(url: URL, options: SourceFetchOptions): Promise<string> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(hostname) ? [hostname] : await (options.resolve ?? defaultResolve)(hostname);
  const allowed = addresses.find((address) => options.allows(address));
  if (!allowed) throw new Error(`${hostname} is a blocked address (private, loopback or reserved)`);
  return allowed;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers["content-length"]);
  const tooLarge = () => new Error(`body larger than ${maxBytes} bytes`);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function get(url: URL, address: string, signal: AbortSignal): Promise<IncomingMessage> {
  // The connection goes to the address the guard approved, never to a second DNS answer.
  const pinned = pinnedLookup(address);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { lookup: pinned, signal, headers: { "user-agent": "sieve-source-fetcher" } },
      resolve,
    );
    request.on("error", reject);
  });
}

async function fetchUrl(location: string, options: SourceFetchOptions, signal: AbortSignal): Promise<string> {
  let url = new URL(location);
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new Error(`unsupported scheme ${url.protocol}`);
    const response = await get(url, await allowedAddress(url, options), signal);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status) && response.headers.location) {
      response.resume();
      if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status < 200 || status > 299) {
      response.resume();
      throw new Error(`HTTP ${status}`);
    }
    return await readCapped(response, options.maxBytes);
  }
}

async function readSourceFile(location: string, options: SourceFetchOptions, signal: AbortSignal) {
  const path = location.startsWith("file://") ? fileURLToPath(location) : location;
  const { size } = await stat(path);
  if (size > options.maxBytes) throw new Error(`file larger than ${options.maxBytes} bytes`);
  return readFile(path, { encoding: "utf8", signal });
}

/**
 * A source's text: an http(s) URL (guarded, timed out, size-capped, at most three redirects) or
 * a file on this machine. Failures are Errors whose message says what went wrong.
 */
export async function fetchSourceText(location: string, options: SourceFetchOptions): Promise<string> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    return isFileLocation(location)
      ? await readSourceFile(location, options, signal)
      : await fetchUrl(location, options, signal);
  } catch (error) {
    if (signal.aborted) throw new Error(`timed out after ${options.timeoutMs} ms`);
    throw error;
  }
}
