import { openServiceClients, runProcess } from "@sieve/core";
import { composeApp } from "./compose-app.ts";
import { ApiConfig } from "./config.ts";
import { databaseOptionsFrom } from "./database-options.ts";
import { listen } from "./listen.ts";

await runProcess({
  schema: ApiConfig,
  env: process.env,
  async start(config) {
    const clients = await openServiceClients(config, {
      service: "api",
      role: "producer",
      database: databaseOptionsFrom(config),
    });
    const { app, queues } = composeApp({ config, ...clients });
    const server = await listen(app, config.PORT, config.HOST);
    clients.logger.info("api listening", { url: `http://${config.HOST}:${server.port}/api/v1` });
    return {
      logger: clients.logger,
      steps: [
        { name: "http server", close: () => server.close() },
        { name: "queues", close: () => queues.close() },
        ...clients.closeSteps,
      ],
    };
  },
});
