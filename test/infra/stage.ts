import {
  createPrivateDatabase,
  createTestAccount,
  type PrivateDatabase,
  type RunningJudge,
  type SlowHttpProxy,
  startJudge,
  startSlowHttpProxy,
  startTestApi,
  type TestAccount,
  type TestApi,
} from "@sieve/test-support";

/** A database of its own, the judge, a slow HTTP proxy, the API on that database and an account with a key. */
export interface InfraStage {
  database: PrivateDatabase;
  judge: RunningJudge;
  proxy: SlowHttpProxy;
  api: TestApi;
  owner: TestAccount;
}

/** Starts the stage in that order; `stopInfraStage` stops what of it started, in reverse. */
export async function startInfraStage(
  stage: Partial<InfraStage>,
  options: { proxyDelayMs: number; apiEnv: Record<string, string> },
): Promise<InfraStage> {
  stage.database = await createPrivateDatabase();
  stage.judge = await startJudge();
  stage.proxy = await startSlowHttpProxy({ delayMs: options.proxyDelayMs });
  stage.api = await startTestApi(stage.database, options.apiEnv);
  stage.owner = await createTestAccount(stage.database.prisma);
  return stage as InfraStage;
}

export async function stopInfraStage(stage: Partial<InfraStage>): Promise<void> {
  await stage.api?.close();
  await stage.proxy?.stop();
  await stage.judge?.stop();
  await stage.database?.drop();
}
