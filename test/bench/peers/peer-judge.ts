import { createSocket } from "node:dgram";
import { createServer } from "node:net";

/**
 * The peers' judge, in its own process: what the peer tools fetch through each proxy, on
 * loopback only. nmap's open-proxy scripts always ask for port 80 through SOCKS and resolve the
 * URL's host with their own DNS client, so this listens on `<address>:80` and answers DNS on
 * `<dnsAddress>:53` (nmap gets `--dns-servers <dnsAddress>`): an A query for a dotted IPv4 name is
 * answered with that address, anything else with NXDOMAIN. Every request on the TCP side gets
 * `HTTP/1.1 200` and a body naming the peer address in brackets, `sieve-peer-judge [127.x.y.z]`,
 * the form proxycheck's chat check reads an exit IP from. argv: address dnsAddress. Prints "ready".
 */
const [address = "127.0.0.180", dnsAddress = "127.0.0.153"] = process.argv.slice(2);

const http = createServer({ noDelay: true }, (socket) => {
  socket.on("error", () => {});
  socket.once("data", () => {
    const body = `sieve-peer-judge [${socket.remoteAddress}]\n`;
    socket.end(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  socket.setTimeout(10_000, () => socket.destroy());
});

function dnsAnswer(query: Buffer): Buffer | undefined {
  if (query.length < 12) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at] !== 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString("latin1"));
    at += 1 + length;
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(at + 1);
  const octets = labels.length === 4 ? labels.map(Number) : [];
  const ipv4 =
    octets.length === 4 && octets.every((octet) => Number.isInteger(octet) && octet >= 0 && octet < 256);
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(ipv4 && type === 1 ? 0x8180 : 0x8183, 2);
  header.writeUInt16BE(ipv4 && type === 1 ? 1 : 0, 6);
  header.writeUInt32BE(0, 8);
  const question = query.subarray(12, questionEnd);
  if (!(ipv4 && type === 1)) return Buffer.concat([header, question]);
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...octets]);
  return Buffer.concat([header, question, answer]);
}

const dns = createSocket("udp4");
dns.on("message", (message, remote) => {
  const answer = dnsAnswer(message);
  if (answer) dns.send(answer, remote.port, remote.address);
});

await new Promise<void>((resolve) => http.listen({ host: address, port: 80, backlog: 4096 }, resolve));
await new Promise<void>((resolve) => dns.bind({ address: dnsAddress, port: 53 }, resolve));
process.stdout.write("ready\n");
// Exit at once: closing the server would wait for the peers' idle connections.
process.once("SIGTERM", () => process.exit(0));
