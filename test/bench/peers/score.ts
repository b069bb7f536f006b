import type { Target } from "./farm.ts";
import type { LineResult } from "./node-load.ts";

/** A tool's answers held against the farm's truth. */
export interface Score {
  liveFound: number;
  /** Refusing or hanging lines reported live. */
  falseLive: number;
  /** Live lines for which the tool reported an exit IP, and how many of those were right. */
  exitReported: number;
  exitCorrect: number;
}

/** For tools that answer line by line, in list order. */
export function scoreLines(list: Target[], results: LineResult[]): Score {
  const score: Score = { liveFound: 0, falseLive: 0, exitReported: 0, exitCorrect: 0 };
  list.forEach((target, index) => {
    const result = results[index];
    if (!result?.live) return;
    if (target.kind !== "live") {
      score.falseLive += 1;
      return;
    }
    score.liveFound += 1;
    if (result.exit !== undefined) {
      score.exitReported += 1;
      if (result.exit === target.exitAddress) score.exitCorrect += 1;
    }
  });
  return score;
}

/** One "open" report of a tool that answers per host:port (nmap, proxycheck). */
export interface PortReport {
  port: number;
  exit?: string;
}

/**
 * For tools that report open host:ports in their own order: each report is matched to a line of
 * the list on that port, at most once per line (every farm proxy listens on 127.0.0.1).
 */
export function scorePortReports(list: Target[], reports: PortReport[]): Score {
  const left = new Map<number, Target[]>();
  for (const target of list) left.set(target.port, [...(left.get(target.port) ?? []), target]);
  const score: Score = { liveFound: 0, falseLive: 0, exitReported: 0, exitCorrect: 0 };
  for (const report of reports) {
    const target = left.get(report.port)?.pop();
    if (!target) continue;
    if (target.kind !== "live") {
      score.falseLive += 1;
      continue;
    }
    score.liveFound += 1;
    if (report.exit !== undefined) {
      score.exitReported += 1;
      if (report.exit === target.exitAddress) score.exitCorrect += 1;
    }
  }
  return score;
}
