import { createLogger } from "@sieve/core";
import { createJudge } from "@sieve/judge/src/create-judge.ts";
import { loadTlsCredentials, type TlsCredentials } from "@sieve/judge/src/tls-credentials.ts";

export interface RunningJudge {
  secret: string;
  httpUrl: string;
  httpsUrl: string;
  httpPort: number;
  httpsPort: number;
  stop(): Promise<void>;
}

let credentials: Promise<TlsCredentials> | undefined;

/** The real judge in this process on free loopback ports, with a self-signed certificate made once. */
export async function startJudge(options: { host?: string; secret?: string } = {}): Promise<RunningJudge> {
  const host = options.host ?? "127.0.0.1";
  const secret = options.secret ?? "test-judge-secret-0123456789";
  credentials ??= loadTlsCredentials({});
  const judge = createJudge({
    secret,
    tls: await credentials,
    logger: createLogger({ service: "judge", silent: true }),
  });
  const ports = await judge.listen({ host, httpPort: 0, httpsPort: 0 });
  const authority = host.includes(":") ? `[${host}]` : host;
  return {
    secret,
    ...ports,
    httpUrl: `http://${authority}:${ports.httpPort}/`,
    httpsUrl: `https://${authority}:${ports.httpsPort}/`,
    stop: () => judge.close(),
  };
}
