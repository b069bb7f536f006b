import { describe, expect, it } from "vitest";
import { parseListedLine } from "../src/proxies/listed-line.ts";
import { maskedLine } from "../src/proxies/masked-line.ts";

function masked(line: string): string {
  const parsed = parseListedLine(line);
  if (!parsed.ok) throw new Error(parsed.error);
  return maskedLine(line, parsed.proxy);
}

describe("maskedLine", () => {
  it.each([
    ["192.0.2.10:8080", "192.0.2.10:8080"],
    ["192.0.2.10:8080 # tinyproxy", "192.0.2.10:8080 # tinyproxy"],
    ["192.0.2.10:8080:alice:secret", "192.0.2.10:8080:alice:****"],
    ["192.0.2.10:8080:alice:se:cr]et # home", "192.0.2.10:8080:alice:**** # home"],
    ["[2001:db8::1]:8080:alice:secret", "[2001:db8::1]:8080:alice:****"],
    ["alice:se@cret@192.0.2.10:8080", "alice:****@192.0.2.10:8080"],
    ["alice:pa://ss@192.0.2.10:8080 US", "alice:****@192.0.2.10:8080 US"],
    ["socks5://alice:wonder%20land@192.0.2.10:1080", "socks5://alice:****@192.0.2.10:1080"],
    ["socks5h://alice:x@[::FFFF:192.0.2.10]:1080 +", "socks5h://alice:****@[::FFFF:192.0.2.10]:1080 +"],
  ])("shows %j as %j", (line, shown) => {
    expect(masked(line)).toBe(shown);
  });
});
