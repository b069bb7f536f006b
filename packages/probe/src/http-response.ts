import type { ByteStream } from "./byte-stream.ts";
import { ProbeFailure } from "./probe-failure.ts";

export interface ResponseHead {
  status: number;
  headers: Map<string, string>;
}

export async function readResponseHead(stream: ByteStream): Promise<ResponseHead> {
  const head = (await stream.takeThrough("\r\n\r\n")).toString("latin1");
  const lines = head.split("\r\n");
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? "");
  if (!statusLine) throw new ProbeFailure("protocol_error", "not an HTTP response");
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine[1]), headers };
}

/** The body by Content-Length, chunked encoding, or until close; never past the stream's byte cap. */
export async function readResponseBody(stream: ByteStream, head: ResponseHead): Promise<Buffer> {
  if (/\bchunked\b/i.test(head.headers.get("transfer-encoding") ?? "")) return readChunked(stream);
  const length = head.headers.get("content-length");
  if (length === undefined) return stream.takeRest();
  if (!/^\d+$/.test(length)) throw new ProbeFailure("protocol_error", "bad Content-Length");
  return stream.take(Number(length));
}

async function readChunked(stream: ByteStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const sizeLine = (await stream.takeThrough("\r\n")).toString("latin1");
    const size = Number.parseInt(sizeLine, 16);
    if (!Number.isFinite(size) || size < 0) throw new ProbeFailure("protocol_error", "bad chunk size");
    if (size === 0) return Buffer.concat(parts);
    parts.push(await stream.take(size));
    await stream.take(2);
  }
}
