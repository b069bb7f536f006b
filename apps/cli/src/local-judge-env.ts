/**
 * The environment of the judge `pnpm start` runs. On one machine the judge serves only that
 * machine's probes, so it listens on loopback unless JUDGE_HOST says otherwise; a production judge
 * runs on its own with the default `::`, reachable by the proxies it is asked through.
 */
export function localJudgeEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...env, JUDGE_HOST: env.JUDGE_HOST ?? "127.0.0.1" };
}
