import { createHealth, createLogger, runProcess, startHealthListener, withLocalSecrets } from "@sieve/core";
import { JudgeConfig } from "./config.ts";
import { createJudge } from "./create-judge.ts";
import { loadTlsCredentials } from "./tls-credentials.ts";

await runProcess({
  schema: JudgeConfig,
  // Started alone beside `pnpm start`, a process takes the secrets it made for this machine.
  env: withLocalSecrets(process.env),
  async start(config) {
    const logger = createLogger({ service: "judge", level: config.LOG_LEVEL });
    const tls = await loadTlsCredentials({
      certFile: config.JUDGE_TLS_CERT_FILE,
      keyFile: config.JUDGE_TLS_KEY_FILE,
    });
    const judge = createJudge({
      secret: config.JUDGE_SECRET,
      tls,
      logger,
      limits: {
        requestsPerSecond: config.JUDGE_MAX_REQUESTS_PER_SECOND,
        refusedPerMinute: config.JUDGE_MAX_REFUSED_PER_MINUTE,
      },
    });
    const ports = await judge.listen({
      host: config.JUDGE_HOST,
      httpPort: config.JUDGE_HTTP_PORT,
      httpsPort: config.JUDGE_HTTPS_PORT,
    });
    logger.info("judge listening", {
      host: config.JUDGE_HOST,
      ...ports,
      selfSigned: !config.JUDGE_TLS_CERT_FILE,
    });
    // The judge depends on nothing: ready once both listeners are bound, until it drains.
    const health = createHealth({});
    const healthListener = await startHealthListener(health, config);
    return {
      logger,
      steps: [
        { name: "readiness", close: async () => health.drain() },
        { name: "judge listeners", close: () => judge.close() },
        { name: "health listener", close: async () => healthListener?.close() },
      ],
    };
  },
});
