import type { Writable } from "node:stream";

/** Raised into an export's pipeline when its reader has taken nothing for too long. */
export class ExportStalledError extends Error {
  override name = "ExportStalledError";
  readonly code = "ERR_EXPORT_STALLED";
}

/**
 * Ends `destination` with an ExportStalledError once it has been full, with no 'drain', for
 * `stallMs`: its reader has stopped reading. A slow source is not a stall (the statement timeout
 * bounds that), and a slow but steady reader drains in time. Returns the function that stops watching.
 */
export function endWhenStalled(destination: Writable, stallMs: number): () => void {
  let fullSince: number | undefined;
  const onDrain = () => {
    fullSince = undefined;
  };
  destination.on("drain", onDrain);
  const timer = setInterval(
    () => {
      if (!destination.writableNeedDrain) return;
      fullSince ??= Date.now();
      if (Date.now() - fullSince >= stallMs) {
        destination.destroy(new ExportStalledError(`export's reader took nothing for ${stallMs} ms`));
      }
    },
    Math.max(20, Math.min(1_000, Math.floor(stallMs / 10))),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    destination.off("drain", onDrain);
  };
}
