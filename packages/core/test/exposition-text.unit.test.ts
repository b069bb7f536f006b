import { describe, expect, it } from "vitest";
import { mergeExpositions } from "../src/metrics/exposition-text.ts";

describe("mergeExpositions", () => {
  it("declares each metric once, with the samples of every text beneath it", () => {
    const queue = (name: string, waiting: number) =>
      [
        "# HELP bullmq_job_count Number of jobs in the queue by state",
        "# TYPE bullmq_job_count gauge",
        `bullmq_job_count{queue="${name}", state="waiting"} ${waiting}`,
        "# HELP bullmq_job_completed_total Total number of completed jobs",
        "# TYPE bullmq_job_completed_total counter",
        `bullmq_job_completed_total{queue="${name}"} 0`,
      ].join("\n");
    expect(mergeExpositions([queue("check", 3), queue("sources", 0)])).toBe(
      [
        "# HELP bullmq_job_count Number of jobs in the queue by state",
        "# TYPE bullmq_job_count gauge",
        'bullmq_job_count{queue="check", state="waiting"} 3',
        'bullmq_job_count{queue="sources", state="waiting"} 0',
        "# HELP bullmq_job_completed_total Total number of completed jobs",
        "# TYPE bullmq_job_completed_total counter",
        'bullmq_job_completed_total{queue="check"} 0',
        'bullmq_job_completed_total{queue="sources"} 0',
        "",
      ].join("\n"),
    );
  });

  it("keeps a histogram's buckets, sum and count under its family", () => {
    const text = [
      "# HELP x_seconds a histogram",
      "# TYPE x_seconds histogram",
      'x_seconds_bucket{le="1"} 1',
      'x_seconds_bucket{le="+Inf"} 2',
      "x_seconds_sum 3.5",
      "x_seconds_count 2",
    ].join("\n");
    expect(mergeExpositions([text, ""])).toBe(`${text}\n`);
  });
});
