import { classifyAnonymity } from "@sieve/probe";
import { describe, expect, it } from "vitest";

const own = ["203.0.113.7", "2001:db8::7"];
const base: [string, string][] = [
  ["Host", "198.51.100.1:8080"],
  ["User-Agent", "sieve-probe"],
];

describe("classifyAnonymity", () => {
  it.each([
    ["X-Forwarded-For", "203.0.113.7"],
    ["X-Forwarded-For", "10.0.0.1, 203.0.113.7"],
    ["Forwarded", 'for="[2001:DB8:0::7]:4711";proto=http'],
    ["X-Real-IP", "203.0.113.7:51234"],
    ["X-Custom-Anything", "client=::ffff:203.0.113.7"],
  ])("is transparent when %s carries the checker's address (%s)", (name, value) => {
    expect(classifyAnonymity([...base, [name, value]], own)).toEqual({
      anonymity: "transparent",
      evidence: [name.toLowerCase()],
    });
  });

  it("does not mistake a longer address for the checker's", () => {
    const verdict = classifyAnonymity([...base, ["X-Forwarded-For", "203.0.113.70"]], own);

    expect(verdict).toEqual({ anonymity: "anonymous", evidence: ["x-forwarded-for"] });
  });

  it.each([
    "Via",
    "Forwarded",
    "X-Forwarded-For",
    "X-Real-IP",
    "Client-IP",
    "Proxy-Connection",
    "X-Proxy-ID",
  ])("is anonymous when %s reveals a proxy without the checker's address", (name) => {
    expect(classifyAnonymity([...base, [name, "1.1 proxy.example (squid)"]], own)).toEqual({
      anonymity: "anonymous",
      evidence: [name.toLowerCase()],
    });
  });

  it("is elite when nothing reveals a proxy", () => {
    expect(classifyAnonymity([...base, ["Accept", "*/*"]], own)).toEqual({
      anonymity: "elite",
      evidence: [],
    });
  });

  it("ignores the Host header, which names the judge", () => {
    expect(classifyAnonymity([["Host", "203.0.113.7:8080"]], own)).toEqual({
      anonymity: "elite",
      evidence: [],
    });
  });
});
