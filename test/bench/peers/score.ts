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

/** Each pair is one answer "live" matched to the line it was for, with the exit IP it reported. */
function scoreLiveAnswers(answers: { target: Target; exit?: string }[]): Score {
  const score: Score = { liveFound: 0, falseLive: 0, exitReported: 0, exitCorrect: 0 };
  for (const { target, exit } of answers) {
    if (target.kind !== "live") {
      score.falseLive += 1;
      continue;
    }
    score.liveFound += 1;
    if (exit !== undefined) {
      score.exitReported += 1;
      if (exit === target.exitAddress) score.exitCorrect += 1;
    }
  }
  return score;
}

/** For tools that answer line by line, in list order. */
export function scoreLines(list: Target[], results: LineResult[]): Score {
  return scoreLiveAnswers(
    list.flatMap((target, index) => {
      const result = results[index];
      return result?.live ? [{ target, exit: result.exit }] : [];
    }),
  );
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
  return scoreLiveAnswers(
    reports.flatMap((report) => {
      const target = left.get(report.port)?.pop();
      return target ? [{ target, exit: report.exit }] : [];
    }),
  );
}
