/**
 * Joins Prometheus text expositions into one, each metric's HELP and TYPE given once with all its
 * samples beneath: BullMQ exports one text per queue, each repeating the same HELP and TYPE lines,
 * which a scraper rejects when they appear twice.
 */
export function mergeExpositions(texts: string[]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) {
      found = { header: [], samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const text of texts) {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        const found = family(comment[2]!);
        if (!found.header.some((kept) => kept.startsWith(`# ${comment[1]} `))) found.header.push(line);
        continue;
      }
      if (line.startsWith("#")) continue;
      const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
      if (name) family(familyOf(name, families)).samples.push(line);
    }
  }
  const out: string[] = [];
  for (const { header, samples } of families.values()) out.push(...header, ...samples);
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

// Histogram and summary samples (`x_bucket`, `x_sum`, `x_count`) belong to the family `x`.
function familyOf(sample: string, families: Map<string, unknown>): string {
  if (families.has(sample)) return sample;
  const base = sample.replace(/_(bucket|sum|count)$/, "");
  return families.has(base) ? base : sample;
}
