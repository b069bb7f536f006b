/**
 * The benchmark's lines: SOCKS5 pinned by scheme so each line costs one connection, made distinct
 * by a username (microsocks without -u picks no-auth when the client also offers user/pass).
 * Live, refusing and hanging lines are interleaved so every chunk holds the same mix.
 */
export interface MixPorts {
  live: number[];
  refusing: number[];
  hanging: number[];
}

export interface MixCounts {
  live: number;
  refusing: number;
  hanging: number;
}

/** `host` is where every port listens: loopback here, the farm host's address across hosts. */
export function buildProxyMix(ports: MixPorts, counts: MixCounts, host = "127.0.0.1"): string[] {
  // Each kind's k-th line sits at fraction (k + 0.5) / count of the list: an even spread.
  const slots = (["live", "refusing", "hanging"] as const).flatMap((kind) =>
    Array.from({ length: counts[kind] }, (_, k) => ({ kind, at: (k + 0.5) / counts[kind], k })),
  );
  slots.sort((a, b) => a.at - b.at);
  return slots.map(({ kind, k }, index) => {
    const list = ports[kind];
    return `socks5://u${index.toString(36)}:p@${host}:${list[k % list.length]}`;
  });
}

/**
 * The 2 MB submission: 100,000 distinct `ip:port` lines of about 2 MB, for timing the
 * answer only (the jobs are cancelled before any worker runs).
 */
export function plainLines(total: number, port: number): string {
  const lines: string[] = [];
  for (let index = 0; index < total; index += 1) {
    lines.push(`127.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}:${port}`);
  }
  return `${lines.join("\n")}\n`;
}
