import { type Collector, candidate } from "./source-candidate.ts";
import { namedProtocols } from "./source-json.ts";

const HOST_COLUMN = /^(ip|host|address|ip_address|ipaddress|ip address|server)$/i;
const PORT_COLUMN = /^port$/i;
const PROTOCOL_COLUMN = /^(protocol|type|scheme|protocols)$/i;
const HTTPS_COLUMN = /^(https|ssl)$/i;
const PROXY_COLUMN = /^(proxy|proxies|url)$/i;

function csvCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

/** A header-led CSV list, or false when the text has no such header. */
export function readCsv(lines: string[], into: Collector): boolean {
  const headerIndex = lines.findIndex((line) => line.trim() !== "");
  const header = lines[headerIndex];
  if (header === undefined) return false;
  const delimiter = [",", ";", "\t"].find((mark) => header.includes(mark));
  if (!delimiter) return false;
  const columns = csvCells(header, delimiter);
  const at = (pattern: RegExp) => columns.findIndex((name) => pattern.test(name));
  const hostAt = at(HOST_COLUMN);
  const portAt = at(PORT_COLUMN);
  const proxyAt = at(PROXY_COLUMN);
  const protocolAt = at(PROTOCOL_COLUMN);
  const httpsAt = at(HTTPS_COLUMN);
  if ((hostAt < 0 || portAt < 0) && proxyAt < 0) return false;
  for (const line of lines.slice(headerIndex + 1)) {
    if (!line.trim()) continue;
    const cells = csvCells(line, delimiter);
    const protocols = namedProtocols(
      [protocolAt < 0 ? undefined : cells[protocolAt]],
      [httpsAt < 0 ? undefined : cells[httpsAt]],
    );
    for (const protocol of protocols.length > 0 ? protocols : [undefined]) {
      if (hostAt >= 0 && portAt >= 0) into.add(candidate(cells[hostAt] ?? "", cells[portAt] ?? "", protocol));
      else into.line(cells[proxyAt] ?? "", protocol);
    }
  }
  return true;
}
