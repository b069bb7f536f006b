import { hasHashTag, parseRedisUrl, queueConfig, redisConfig } from "@sieve/vocabulary";
import { describe, expect, it } from "vitest";

describe("REDIS_URL", () => {
  it("passes a one-server URL through as it is", () => {
    expect(parseRedisUrl("redis://:secret@127.0.0.1:6380/2")).toEqual({
      cluster: false,
      url: "redis://:secret@127.0.0.1:6380/2",
    });
  });

  it("reads the seed nodes and credentials of a redis+cluster:// URL", () => {
    expect(parseRedisUrl("redis+cluster://sieve:p%40ss@127.0.0.1:7000,127.0.0.2:7001,[::1]:7002")).toEqual({
      cluster: true,
      nodes: [
        { host: "127.0.0.1", port: 7000 },
        { host: "127.0.0.2", port: 7001 },
        { host: "::1", port: 7002 },
      ],
      username: "sieve",
      password: "p@ss",
      tls: false,
    });
    expect(parseRedisUrl("rediss+cluster://node-a.example:6379")).toMatchObject({
      cluster: true,
      nodes: [{ host: "node-a.example", port: 6379 }],
      tls: true,
    });
  });

  it("refuses a cluster node without a port, with a path, and text that is no URL", () => {
    expect(() => parseRedisUrl("redis+cluster://127.0.0.1")).toThrow(
      /cluster node "127.0.0.1" must be host:port/,
    );
    expect(() => parseRedisUrl("redis+cluster://127.0.0.1:7000/0")).toThrow(/must be host:port/);
    expect(() => parseRedisUrl("redis+cluster://127.0.0.1:7000,")).toThrow(
      /cluster node "" must be host:port/,
    );
    expect(() => parseRedisUrl("127.0.0.1:6379")).toThrow(/must be a URL/);
    const parsed = redisConfig.safeParse({ REDIS_URL: "redis+cluster://127.0.0.1:x" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/must be host:port/);
  });
});

describe("QUEUE_PREFIX", () => {
  it("takes plain names and names with one {hash tag}", () => {
    for (const prefix of ["sieve", "sieve-eu_2", "{sieve}", "{sieve}-eu", "eu-{sieve}"]) {
      expect(queueConfig.parse({ QUEUE_PREFIX: prefix }).QUEUE_PREFIX).toBe(prefix);
    }
    expect(hasHashTag("{sieve}")).toBe(true);
    expect(hasHashTag("sieve")).toBe(false);
  });

  it("refuses colons, empty or nested braces, and two hash tags", () => {
    for (const prefix of ["", "sie:ve", "{}", "{{sieve}}", "{a}{b}", "{sieve"]) {
      expect(queueConfig.safeParse({ QUEUE_PREFIX: prefix }).success, prefix).toBe(false);
    }
  });
});
