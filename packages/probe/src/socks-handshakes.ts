import { isIPv4, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";
import type { ByteStream } from "./byte-stream.ts";
import { ProbeFailure } from "./probe-failure.ts";

export interface Destination {
  host: string;
  port: number;
}

export interface Credentials {
  username: string;
  password: string;
}

const portBytes = (port: number) => [port >> 8, port & 0xff];

/** SOCKS4 (IPv4 destination) or SOCKS4a (destination by name field); the user id carries the username. */
export async function socks4Handshake(
  stream: ByteStream,
  destination: Destination,
  options: { useName: boolean; userId: string },
): Promise<void> {
  const userId = Buffer.from(`${options.userId}\0`);
  let request: Buffer;
  if (options.useName) {
    request = Buffer.concat([
      Buffer.from([4, 1, ...portBytes(destination.port), 0, 0, 0, 1]),
      userId,
      Buffer.from(`${destination.host}\0`),
    ]);
  } else {
    if (!isIPv4(destination.host))
      throw new ProbeFailure("protocol_error", "SOCKS4 needs an IPv4 destination");
    request = Buffer.concat([
      Buffer.from([4, 1, ...portBytes(destination.port), ...ipaddr.IPv4.parse(destination.host).octets]),
      userId,
    ]);
  }
  stream.write(request);
  const reply = await stream.take(8);
  if (reply[0] !== 0 && reply[0] !== 4) throw new ProbeFailure("protocol_error", "not a SOCKS4 reply");
  const code = reply[1];
  if (code === 0x5a) return;
  if (code === 0x5c || code === 0x5d) throw new ProbeFailure("auth_failed", "SOCKS4 identd check failed");
  throw new ProbeFailure("protocol_error", `SOCKS4 request rejected (${code})`);
}

/** SOCKS5 with no authentication, or username/password (RFC 1929) when credentials are given. */
export async function socks5Handshake(
  stream: ByteStream,
  destination: Destination,
  credentials: Credentials | undefined,
): Promise<void> {
  stream.write(Buffer.from(credentials ? [5, 2, 0, 2] : [5, 1, 0]));
  const choice = await stream.take(2);
  if (choice[0] !== 5) throw new ProbeFailure("protocol_error", "not a SOCKS5 reply");
  if (choice[1] === 0xff) throw new ProbeFailure("auth_failed", "no acceptable SOCKS5 authentication method");
  if (choice[1] === 2 && credentials) {
    const username = Buffer.from(credentials.username);
    const password = Buffer.from(credentials.password);
    stream.write(
      Buffer.concat([Buffer.from([1, username.length]), username, Buffer.from([password.length]), password]),
    );
    const status = await stream.take(2);
    if (status[1] !== 0) throw new ProbeFailure("auth_failed", "SOCKS5 credentials refused");
  } else if (choice[1] !== 0) {
    throw new ProbeFailure("protocol_error", `unexpected SOCKS5 method ${choice[1]}`);
  }
  const address = isIPv6(destination.host)
    ? [4, ...ipaddr.IPv6.parse(destination.host).toByteArray()]
    : [1, ...ipaddr.IPv4.parse(destination.host).octets];
  stream.write(Buffer.from([5, 1, 0, ...address, ...portBytes(destination.port)]));
  const reply = await stream.take(4);
  if (reply[0] !== 5) throw new ProbeFailure("protocol_error", "not a SOCKS5 reply");
  if (reply[1] !== 0) throw new ProbeFailure("protocol_error", `SOCKS5 connect failed (${reply[1]})`);
  const type = reply[3];
  if (type === 1) await stream.take(6);
  else if (type === 4) await stream.take(18);
  else if (type === 3) await stream.take((await stream.take(1))[0]! + 2);
  else throw new ProbeFailure("protocol_error", "bad SOCKS5 bound address");
}
