import { describe, expect, it } from "vitest";
import { parseSubmission } from "../src/check-jobs/submission.ts";

describe("parseSubmission", () => {
  it("tolerates CRLF, blank lines, comments and surrounding spaces", () => {
    const parsed = parseSubmission("# my list\r\n1.2.3.4:80\r\n\r\n   5.6.7.8:8080  \n\n#another\r");
    expect(parsed.proxies.map((proxy) => proxy.host)).toEqual(["1.2.3.4", "5.6.7.8"]);
    expect(parsed.invalidLines).toBe(0);
  });

  it("reads trailing comments and the decorations public lists write after an address", () => {
    const parsed = parseSubmission(
      "192.0.2.10:28882 # tinyproxy\n192.0.2.11:28881 US-H-S +\n192.0.2.12:80 :81",
    );
    expect(parsed.proxies.map((proxy) => `${proxy.host}:${proxy.port}`)).toEqual([
      "192.0.2.10:28882",
      "192.0.2.11:28881",
    ]);
    expect(parsed.invalidExamples).toEqual([
      { line: 3, text: "192.0.2.12:80 :81", error: "unexpected whitespace" },
    ]);
  });

  it("folds duplicates into the first occurrence, counting the rest", () => {
    const parsed = parseSubmission(
      "1.2.3.4:80\n1.2.3.4:80\nhttp://1.2.3.4:80\n1.2.3.4:80:u:p\nu:p@1.2.3.4:80",
    );
    expect(parsed.proxies).toHaveLength(3);
    expect(parsed.duplicateLines).toBe(2);
  });

  it("folds the same host and port written with and without an IPv6 form, and keeps different ports apart", () => {
    const parsed = parseSubmission(
      "[2001:db8::1]:80\n[2001:DB8:0::1]:80\n[2001:db8::1]:81\n192.0.2.1:80\n192.0.2.1:8\n192.0.2.1:80",
    );
    expect(parsed.proxies.map((proxy) => `${proxy.host} ${proxy.port}`)).toEqual([
      "2001:db8::1 80",
      "2001:db8::1 81",
      "192.0.2.1 80",
      "192.0.2.1 8",
    ]);
    expect(parsed.duplicateLines).toBe(2);
  });

  it("counts invalid lines and quotes the first five with their line numbers", () => {
    const lines = ["1.2.3.4:80", ...Array.from({ length: 7 }, (_, i) => `bad-${i}`)];
    const parsed = parseSubmission(lines.join("\n"));
    expect(parsed.invalidLines).toBe(7);
    expect(parsed.invalidExamples).toHaveLength(5);
    expect(parsed.invalidExamples[0]).toEqual({ line: 2, text: "bad-0", error: "missing port" });
  });

  it("reads nothing from an empty or comment-only text", () => {
    expect(parseSubmission("").proxies).toEqual([]);
    expect(parseSubmission("# nothing\n\n").invalidLines).toBe(0);
  });
});
