import { createRequire } from "node:module";
import type { Socket } from "node:net";

interface TcpTimes {
  /** [ms since the last data, ms since the last ACK] as the kernel counts them, or undefined. */
  sinceLast(fd: number): [number, number] | undefined;
}

/** The addon `scripts/build-probe-native.mjs` builds at install; absent where it could not be built. */
function loadTcpTimes(): TcpTimes | undefined {
  try {
    return createRequire(import.meta.url)("../native/build/Release/tcp_times.node") as TcpTimes;
  } catch {
    return undefined;
  }
}

const tcpTimes = loadTcpTimes();

/** Whether probes take connect and first-byte times from the kernel (else from their callbacks). */
export const kernelTimestamps = tcpTimes !== undefined;

const descriptorOf = (socket: Socket): number | undefined =>
  (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;

/**
 * The kernel counts in ticks (4 ms at Debian's 250 Hz), so its record is only that exact. A
 * callback it says ran within a tick of the bytes keeps its own, finer time; one it says ran
 * later takes the kernel's, which is then at most a tick off.
 */
const LATE_CALLBACK_MS = 5;

/**
 * When the kernel received the socket's last data (`"data"`) or last ACK (`"ack"`), on the
 * `performance.now()` clock, given `now` (the callback's time) from that clock. A callback runs
 * when the event loop gets to it, which under load is long after the bytes came; the kernel's
 * record is not (issue 15, point 3). Never later than `now`; `now` itself where the kernel cannot
 * say or says the callback is not late.
 */
export function receivedAt(socket: Socket, what: "data" | "ack", now: number): number {
  if (!tcpTimes) return now;
  const fd = descriptorOf(socket);
  if (fd === undefined || fd < 0) return now;
  const since = tcpTimes.sinceLast(fd)?.[what === "data" ? 0 : 1];
  return since !== undefined && since >= LATE_CALLBACK_MS ? now - since : now;
}
