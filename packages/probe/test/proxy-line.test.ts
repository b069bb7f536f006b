import { SieveError } from "@sieve/core";
import { parseProxyLine } from "@sieve/probe";
import { describe, expect, it } from "vitest";

describe("parseProxyLine", () => {
  it.each([
    ["1.2.3.4:8080", { host: "1.2.3.4", port: 8080 }],
    ["  1.2.3.4:8080  ", { host: "1.2.3.4", port: 8080 }],
    ["1.2.3.4:1080:alice:s3cret", { host: "1.2.3.4", port: 1080, username: "alice", password: "s3cret" }],
    ["1.2.3.4:1080:alice:pa:ss", { host: "1.2.3.4", port: 1080, username: "alice", password: "pa:ss" }],
    ["alice:s3cret@1.2.3.4:1080", { host: "1.2.3.4", port: 1080, username: "alice", password: "s3cret" }],
    ["alice:p@ss@1.2.3.4:1080", { host: "1.2.3.4", port: 1080, username: "alice", password: "p@ss" }],
    ["socks5://1.2.3.4:1080", { host: "1.2.3.4", port: 1080, protocol: "socks5" }],
    ["SOCKS4A://1.2.3.4:1080/", { host: "1.2.3.4", port: 1080, protocol: "socks4a" }],
    [
      "http://alice:p%40ss@1.2.3.4:3128",
      { host: "1.2.3.4", port: 3128, username: "alice", password: "p@ss", protocol: "http" },
    ],
    ["https://[2001:DB8:0:0::1]:443", { host: "2001:db8::1", port: 443, protocol: "https" }],
    ["[2001:db8::1]:8080", { host: "2001:db8::1", port: 8080 }],
    ["[::ffff:1.2.3.4]:8080", { host: "::ffff:102:304", port: 8080 }],
    ["[2001:db8::1]:8080:bob:pw", { host: "2001:db8::1", port: 8080, username: "bob", password: "pw" }],
    ["bob:pw@[2001:db8::1]:8080", { host: "2001:db8::1", port: 8080, username: "bob", password: "pw" }],
    ["1.2.3.4:65535", { host: "1.2.3.4", port: 65535 }],
  ])("reads %s", (line, expected) => {
    expect(parseProxyLine(line)).toEqual(expected);
  });

  it.each([
    ["", /empty/],
    ["1.2.3.4", /missing port/],
    ["1.2.3.4:0", /invalid port "0"/],
    ["1.2.3.4:65536", /invalid port "65536"/],
    ["1.2.3.4:80a", /invalid port "80a"/],
    ["example.com:8080", /host "example.com" is not an IP address/],
    ["socks5://proxy.example:1080", /host "proxy.example" is not an IP address/],
    ["ftp://1.2.3.4:21", /unknown scheme "ftp"/],
    ["socks5h://1.2.3.4:1080", /unknown scheme "socks5h"/],
    ["2001:db8::1", /needs brackets/],
    ["[2001:db8::1]", /missing port/],
    ["[1.2.3.4]:80", /not an IPv6 address/],
    ["[2001:db8::1:80", /unclosed bracket/],
    ["01.2.3.4:80", /not an IP address/],
    ["[fe80::1%eth0]:80", /not an IP address/],
    ["1.2.3.4:80:alice", /cannot read/],
    [":pw@1.2.3.4:80", /empty username/],
    ["alice:@1.2.3.4:80", /empty password/],
    ["alice@1.2.3.4:80", /user:pass/],
    ["http://1.2.3.4:80/path", /no path/],
    [`${"u".repeat(256)}:pw@1.2.3.4:80`, /255 bytes/],
  ])("refuses %j naming the problem", (line, message) => {
    let thrown: unknown;
    try {
      parseProxyLine(line);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SieveError);
    expect((thrown as SieveError).code).toBe("invalid_request");
    expect((thrown as SieveError).message).toMatch(message);
  });

  it("never puts the password in an error message", () => {
    expect(() => parseProxyLine("alice:topsecret@example.com:80")).toThrow(/^(?!.*topsecret)/);
  });
});
