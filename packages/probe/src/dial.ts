import { Socket } from "node:net";

/** Opens a TCP connection; probes only ever reach the network through one of these. */
export type Dial = (host: string, port: number) => Socket;

/**
 * Connects at once. The attempt calls it on the check phase of the event loop and starts its
 * clock in the same breath, so the connect deadline and `connect_ms` measure the TCP handshake,
 * not the wait for a turn when thousands of probes start together.
 */
export const dialTcp: Dial = (host, port) => {
  const socket = new Socket();
  socket.connect({ host, port, noDelay: true });
  return socket;
};
