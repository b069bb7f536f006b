import { createServer } from "node:net";

function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * One line for each listen address some other program already holds, naming the variable that
 * moves it. Checked before anything starts, so a taken port never shows as a started Sieve.
 */
export async function takenPorts(
  wanted: { host: string; port: number; variable: string }[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const { host, port, variable } of wanted) {
    if (!(await bindable(host, port))) {
      problems.push(`${host}:${port} is already in use by another program: stop it, or set ${variable}`);
    }
  }
  return problems;
}
