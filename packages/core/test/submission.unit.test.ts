import { describe, expect, it } from "vitest";
import { parseSubmission } from "../src/check-jobs/submission.ts";

describe("parseSubmission", () => {
  it("tolerates CRLF, blank lines, comments and surrounding spaces", () => {
    const parsed = parseSubmission("# my list\r\n1.2.3.4:80\r\n\r\n   5.6.7.8:8080  \n\n#another\r");
    expect(parsed.proxies.map((proxy) => proxy.host)).toEqual(["1.2.3.4", "5.6.7.8"]);
    expect(parsed.invalidLines).toBe(0);
  });

  it("folds duplicates into the first occurrence, counting the rest", () => {
    const parsed = parseSubmission(
      "1.2.3.4:80\n1.2.3.4:80\nhttp://1.2.3.4:80\n1.2.3.4:80:u:p\nu:p@1.2.3.4:80",
    );
    expect(parsed.proxies).toHaveLength(3);
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
