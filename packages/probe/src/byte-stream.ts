import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { receivedAt } from "./kernel-clock.ts";
import { loopStall } from "./loop-stall-clock.ts";
import { failureFromSocketError, ProbeFailure } from "./probe-failure.ts";
import { StallAwareDeadline } from "./stall-aware-deadline.ts";

const EMPTY = Buffer.alloc(0);
/** Socket errors the peer caused on an open connection: its reset, or a write after its close. */
const PEER_ERRORS = new Set(["ECONNRESET", "EPIPE"]);

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
  reject: (failure: ProbeFailure) => void;
}

/**
 * Reads one probe connection as a byte stream: awaits exact lengths or delimiters, bounds the
 * bytes it accepts, and fails with a probe reason on timeout, reset or early close.
 */
export class ByteStream {
  private buffer: Buffer = EMPTY;
  private received = 0;
  private waiter: Waiter | undefined;
  private failure: ProbeFailure | undefined;
  private ended = false;
  private releasing = false;
  private closing = false;
  private connected = false;
  private timer: StallAwareDeadline | undefined;
  private overallTimer: StallAwareDeadline | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private readonly sockets: Socket[] = [];
  private current: Socket;
  /** When the TCP connection was first established (not a TLS layer over it). */
  connectedAt: number | undefined;
  /** When the first byte of the current read phase arrived. */
  firstByteAt: number | undefined;
  /** The first byte the peer ever sent: a SOCKS version, `H` of an HTTP answer, … */
  firstByte: number | undefined;
  /**
   * Called once when the peer first shows it heard the connection: a byte, a close or a reset it
   * sent, not one of ours (see DetectionRace).
   */
  onPeerAnswer: (() => void) | undefined;
  /** Whether `poke` wrote a line end to make a silent HTTP server answer. */
  poked = false;
  private pokeWanted = false;
  /** The stall clock at the last write (or the dial): see StallAwareDeadline. */
  private stallAtWrite = loopStall.total();
  private readonly lastWriteStall = () => this.stallAtWrite;
  private written = false;
  /** What exceeding the byte cap means in the current phase. */
  overflowReason: ProbeFailure["reason"] = "protocol_error";

  constructor(
    socket: Socket,
    private readonly maxBytes: number,
  ) {
    this.current = socket;
    this.attach(socket);
  }

  private peerAnswered(): void {
    const listener = this.onPeerAnswer;
    this.onPeerAnswer = undefined;
    if (!this.closing) listener?.();
  }

  private readonly onData = (chunk: Buffer) => {
    this.firstByteAt ??= receivedAt(this.sockets[0]!, "data", performance.now());
    if (this.received === 0) {
      this.firstByte = chunk[0];
      this.peerAnswered();
    }
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      this.fail(new ProbeFailure(this.overflowReason, `more than ${this.maxBytes} bytes`));
      return;
    }
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.wake();
  };
  private readonly onConnect = () => {
    // The handshake's last ACK in, as the kernel saw it (a connect callback can run long after).
    this.connectedAt ??= receivedAt(this.sockets[0]!, "ack", performance.now());
    this.connected = true;
    this.wake();
  };
  private readonly onEnd = () => {
    this.peerAnswered();
    this.ended = true;
    if (this.releasing) this.destroy();
    else this.wake();
  };
  private readonly onError = (error: NodeJS.ErrnoException) => {
    // A reset on an open connection is the peer's answer; a failed connect or an abort is not.
    if (this.connected && PEER_ERRORS.has(error.code ?? "")) this.peerAnswered();
    this.fail(failureFromSocketError(error));
  };
  private readonly onClose = () => this.onEnd();

  private attach(socket: Socket): void {
    this.sockets.push(socket);
    socket.on("data", this.onData);
    socket.on("connect", this.onConnect);
    socket.on("secureConnect", this.onConnect);
    socket.on("end", this.onEnd);
    socket.on("close", this.onClose);
    socket.on("error", this.onError);
  }

  private detach(socket: Socket): void {
    socket.off("data", this.onData);
    socket.off("connect", this.onConnect);
    socket.off("secureConnect", this.onConnect);
    socket.off("end", this.onEnd);
    socket.off("close", this.onClose);
    // Errors from the wrapped socket surface on the wrapper; a listener stays so none is unhandled.
  }

  /** Hands the connection to a socket layered on top (TLS); reading continues there. */
  upgrade(wrap: (socket: Socket) => Socket): void {
    this.detach(this.current);
    this.buffer = EMPTY;
    this.connected = false;
    this.current = wrap(this.current);
    this.attach(this.current);
  }

  /*
   * Two timers: one for the whole attempt, one for the current phase. Each is set with a constant
   * duration so Node files thousands of them in one timer list instead of one list apiece.
   */

  /** Fails whatever is awaited with `timeout` once `ms` of the proxy's time have passed, whatever the phase. */
  overallDeadline(ms: number): void {
    this.overallTimer?.cancel();
    this.overallTimer = new StallAwareDeadline(
      ms,
      (stalled) => this.timedOut("attempt", stalled),
      this.lastWriteStall,
    );
  }

  /** Fails whatever is awaited with `timeout` after `ms`, replacing the previous phase's deadline. */
  deadline(ms: number, what: string): void {
    this.timer?.cancel();
    this.timerDue = performance.now() + ms;
    this.timer = new StallAwareDeadline(ms, (stalled) => this.timedOut(what, stalled), this.lastWriteStall);
  }

  /**
   * A peer that has sent nothing at all gave no sign of life a stall could have hidden: its
   * timeout stands. One that was answering is retried when stall was still owed.
   */
  private timedOut(what: string, stalled: boolean): void {
    this.fail(new ProbeFailure("timeout", `${what} timed out`, { stalled: stalled && this.received > 0 }));
  }

  /** Ends the phase deadline; the overall one still runs. */
  clearDeadline(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  /**
   * Writes a bare line end if the peer has sent nothing: an HTTP server waiting for the rest of a
   * request line then answers (400) at once, where a SOCKS greeting alone would hold it silent.
   */
  poke(): void {
    this.pokeWanted = true;
    if (this.written) this.pokeIfSilent();
  }

  private pokeIfSilent(): void {
    if (this.poked || this.received > 0 || this.closing) return;
    this.poked = true;
    this.current.write("\r\n\r\n");
  }

  /** Brings the deadline forward to `ms` from now if the peer has sent nothing yet. */
  cutIfSilent(ms: number): void {
    if (this.received === 0 && performance.now() + ms < this.timerDue) this.deadline(ms, "silent peer");
  }

  startReadPhase(): void {
    this.firstByteAt = undefined;
  }

  /** Writes to the peer; the first write is followed by the poke if one was asked for meanwhile. */
  write(data: Buffer | string): void {
    this.current.write(data);
    this.written = true;
    this.stallAtWrite = loopStall.total();
    if (this.pokeWanted) this.pokeIfSilent();
  }

  waitConnected(): Promise<void> {
    return this.wait(() => this.connected);
  }

  async take(length: number): Promise<Buffer> {
    await this.wait(() => this.buffer.length >= length);
    return this.consume(length);
  }

  /** Bytes up to and including `delimiter`. */
  async takeThrough(delimiter: string): Promise<Buffer> {
    let end = -1;
    await this.wait(() => {
      end = this.buffer.indexOf(delimiter);
      return end !== -1;
    });
    return this.consume(end + delimiter.length);
  }

  /** Everything until the peer closes. */
  async takeRest(): Promise<Buffer> {
    await this.wait(() => this.ended);
    return this.consume(this.buffer.length);
  }

  /**
   * Closes after a complete answer. The peer was asked to close (`Connection: close`) and usually
   * does within a moment; letting it close first spares both the reset and a TIME_WAIT here.
   * One that lingers is reset after `lingerMs`.
   */
  release(lingerMs: number): void {
    this.cancelTimers();
    this.waiter = undefined;
    if (this.ended) {
      this.destroy();
      return;
    }
    this.releasing = true;
    this.lingerTimer = setTimeout(() => this.destroy(), lingerMs);
  }

  private cancelTimers(): void {
    this.timer?.cancel();
    this.overallTimer?.cancel();
    clearTimeout(this.lingerTimer);
  }

  /**
   * Ends the connection with a reset unless the peer closed first: a probe's connection holds
   * nothing worth a graceful close, and a reset leaves no TIME_WAIT on the checker, whose ports
   * run out first when one machine checks thousands of proxies a second. The close itself waits
   * for the check phase, so when thousands of deadlines fire together every probe settles first.
   */
  destroy(): void {
    this.cancelTimers();
    this.waiter = undefined;
    if (this.closing) return;
    this.closing = true;
    setImmediate(() => this.close());
  }

  private close(): void {
    const [tcp, ...layers] = this.sockets;
    for (const layer of layers) layer.destroy();
    // A peer that closed first keeps the TIME_WAIT itself.
    if (tcp && !tcp.pending && !tcp.destroyed && !this.ended) tcp.resetAndDestroy();
    else tcp?.destroy();
  }

  private consume(length: number): Buffer {
    const out = this.buffer.subarray(0, length);
    this.buffer = length === this.buffer.length ? EMPTY : this.buffer.subarray(length);
    return out;
  }

  private fail(failure: ProbeFailure): void {
    this.failure ??= failure;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.failure);
    this.destroy();
  }

  private wait(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    const blocked = this.blocked();
    if (blocked) return Promise.reject(blocked);
    return new Promise((resolve, reject) => {
      this.waiter = { ready, resolve, reject };
    });
  }

  private blocked(): ProbeFailure | undefined {
    if (this.failure) return this.failure;
    if (!this.ended) return undefined;
    return this.received === 0
      ? new ProbeFailure("reset", "closed without answering")
      : new ProbeFailure("protocol_error", "closed in the middle of an answer");
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (waiter.ready()) {
      this.waiter = undefined;
      waiter.resolve();
      return;
    }
    const blocked = this.blocked();
    if (blocked) {
      this.waiter = undefined;
      waiter.reject(blocked);
    }
  }
}
