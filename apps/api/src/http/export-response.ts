import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ExportSlots, endWhenStalled } from "@sieve/core";
import type { Response } from "express";
import { callerOf } from "./guard.ts";

export interface ExportLimits {
  slots: ExportSlots;
  /** An export whose reader takes nothing for this long is ended. */
  stallMs: number;
}

/**
 * Streams one export to the caller inside its export slot: refused with a 429 when the caller or
 * the process already runs as many as allowed, and ended when the reader stops reading.
 */
export async function sendExport(
  res: Response,
  limits: ExportLimits,
  headers: Record<string, string>,
  open: () => Promise<Readable>,
  ...stages: Transform[]
): Promise<void> {
  const release = limits.slots.acquire(callerOf(res).accountId);
  const stopWatching = endWhenStalled(res, limits.stallMs);
  try {
    const source = await open();
    res.set(headers);
    await pipeline([source, ...stages, res]);
  } finally {
    stopWatching();
    release();
  }
}
