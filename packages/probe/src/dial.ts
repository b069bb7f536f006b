import { connect, type Socket } from "node:net";

/** Opens a TCP connection; probes only ever reach the network through one of these. */
export type Dial = (host: string, port: number) => Socket;

export const dialTcp: Dial = (host, port) => connect({ host, port, noDelay: true });
