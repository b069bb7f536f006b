import { describe, expect, it } from "vitest";
import { limitExport } from "../src/limit-export.ts";

describe("limitExport keeps an export's first entries in its own format", () => {
  it("keeps txt lines", () => {
    expect(limitExport("192.0.2.1:80\n192.0.2.2:80\n192.0.2.3:80\n", "txt", 2)).toBe(
      "192.0.2.1:80\n192.0.2.2:80\n",
    );
    expect(limitExport("192.0.2.1:80\n", "txt", 5)).toBe("192.0.2.1:80\n");
  });

  it("keeps the CSV header and rows, a quoted line break staying inside its row", () => {
    const csv = 'proxy,line\r\n192.0.2.1:80,"a\r\nb"\r\n192.0.2.2:80,c\r\n192.0.2.3:80,d\r\n';
    expect(limitExport(csv, "csv", 2)).toBe('proxy,line\r\n192.0.2.1:80,"a\r\nb"\r\n192.0.2.2:80,c\r\n');
    expect(limitExport("proxy,line\n", "csv", 3)).toBe("proxy,line\n");
  });

  it("keeps JSON array elements, written as the API writes them", () => {
    const json = '[\n{"proxy_norm":"192.0.2.1:80"},\n{"proxy_norm":"192.0.2.2:80"}\n]\n';
    expect(limitExport(json, "json", 1)).toBe('[\n{"proxy_norm":"192.0.2.1:80"}\n]\n');
    expect(limitExport("[]\n", "json", 1)).toBe("[]\n");
  });
});
