/** `sieve_results_written_total{work="check"}` of one worker, scraped from its metrics URL. */
export async function resultsWrittenBy(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) })).text();
  // Default labels (service) come after work; the sample is the last field.
  const line = text
    .split("\n")
    .find(
      (candidate) =>
        candidate.startsWith("sieve_results_written_total{") && candidate.includes('work="check"'),
    );
  return line ? Number(line.split(" ").pop()) : 0;
}
