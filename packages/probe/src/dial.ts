import { Socket } from "node:net";

/** Opens a TCP connection; probes only ever reach the network through one of these. */
export type Dial = (host: string, port: number) => Socket;

/**
 * The connect itself waits for the event loop's next check phase. When thousands of probes time
 * out together, each lane's next probe then starts its clock at once instead of after every
 * earlier lane's connect, so deadlines stay within milliseconds of their due time.
 */
export const dialTcp: Dial = (host, port) => {
  const socket = new Socket();
  setImmediate(() => {
    if (!socket.destroyed) socket.connect({ host, port, noDelay: true });
  });
  return socket;
};
