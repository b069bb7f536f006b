import type { Readable, Writable } from "node:stream";
import type { Schemas } from "@sieve/client";

/** The process around a run, given by main.ts and by tests: nothing below reads `process`. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

export type CheckJob = Schemas["CheckJob"];
export type ExportFormat = "txt" | "csv" | "json";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["txt", "csv", "json"];

/** Writes `text` and resolves once the stream took it, so an exit right after loses nothing. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** One JSON document on its own line. */
export function writeJson(stream: Writable, value: unknown): Promise<void> {
  return write(stream, `${JSON.stringify(value, null, 2)}\n`);
}
