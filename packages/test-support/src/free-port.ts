import { createServer } from "node:net";

/*
 * Ports come from a per-process sequence below the kernel's ephemeral range, so parallel test
 * files and servers started at the same moment never race for one the OS just handed out.
 */
const FIRST = 20_000;
const SPAN = 12_000;
let next = FIRST + ((process.pid * 211) % SPAN);

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A loopback port no server of this process was given before and that is free right now. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  for (let tries = 0; tries < 500; tries += 1) {
    const port = next;
    next = FIRST + ((next - FIRST + 1) % SPAN);
    if (await bindable(port, host)) return port;
  }
  throw new Error("no free port found");
}
