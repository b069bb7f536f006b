import { parser } from "@prometheus-io/lezer-promql";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * Every metric name an exposition declares, samples or not: a labelled counter nobody has
 * incremented yet is still exported. Histograms and summaries add their `_bucket`, `_sum`, `_count`.
 */
export function declaredNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [name, type] = [match[1]!, match[2]!];
    names.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
  }
  for (const sample of parseSamples(text)) names.add(sample.name);
  return names;
}

/** The metric names a PromQL expression selects, found by the PromQL grammar Prometheus's own UI uses. */
export function selectedMetrics(expr: string): string[] {
  // Grafana's variables are not PromQL: give them a value of the right kind first.
  const promql = expr.replaceAll("$__rate_interval", "5m").replaceAll("$__interval", "1m");
  const tree = parser.parse(promql);
  const names: string[] = [];
  let broken: string | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken ??= promql.slice(Math.max(0, node.from - 20), node.to + 20);
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        names.push(promql.slice(node.from, node.to));
      }
    },
  });
  if (broken !== undefined) throw new Error(`not valid PromQL near «${broken}» in: ${expr}`);
  return names;
}
