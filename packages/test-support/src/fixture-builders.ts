import { type SlowHttpProxy, startSlowHttpProxy } from "./slow-http-proxy.ts";

/** Builders for a test file's own fixtures, beside the shared ones of fixtures.ts. */

type Stoppable = { stop(): Promise<unknown> };
type OnCleanup = (cleanup: () => Promise<void>) => void;

/**
 * A fixture for a service of the file's own that the shared ones do not cover: started by
 * `start` on first use, stopped by `stop` (default: its own `stop()`) after the last. For example
 * `sieveTest.extend("socks4a", { scope: "file" }, serviceFixture(startSocks4aProxy))`.
 */
export function serviceFixture<T extends Stoppable>(start: () => Promise<T>): FixtureFn<T>;
export function serviceFixture<T>(
  start: () => Promise<T>,
  stop: (service: T) => Promise<unknown>,
): FixtureFn<T>;
export function serviceFixture<T>(
  start: () => Promise<T>,
  stop?: (service: T) => Promise<unknown>,
): FixtureFn<T> {
  return async (
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
    {}: object,
    { onCleanup }: { onCleanup: OnCleanup },
  ): Promise<T> => {
    const service = await start();
    onCleanup(async () => {
      await (stop ? stop(service) : (service as Stoppable).stop());
    });
    return service;
  };
}
/** A file's slow HTTP proxy (`startSlowHttpProxy`), answering each request after `delayMs`. */
export function slowProxyFixture(delayMs: number): FixtureFn<SlowHttpProxy> {
  return serviceFixture(() => startSlowHttpProxy({ delayMs }));
}
/**
 * Starts the file's `auto: true` fixtures (file-scoped ones: its stage) before its first test,
 * within `timeoutMs`, the timeout of the hook this adds rather than of the first test.
 */
export function stageBeforeTests(
  fileTest: { beforeAll(fn: () => Promise<void>, timeout?: number): void },
  timeoutMs: number,
): void {
  fileTest.beforeAll(async () => {}, timeoutMs);
}
/**
 * Gives a service a fixture started and has its `stop()` run after the fixture's last use:
 * `({ database }, { onCleanup }) => stopsAfter(onCleanup, startSomething(database))`.
 */
export async function stopsAfter<T extends Stoppable>(onCleanup: OnCleanup, started: Promise<T>): Promise<T> {
  const service = await started;
  onCleanup(async () => {
    await service.stop();
  });
  return service;
}
export type FixtureFn<T> = (context: object, fixture: { onCleanup: OnCleanup }) => Promise<T>;

/**
 * Services started at once, as a file fixture: resolves with all of them, each stopped after the
 * file; if one fails to start, stops the others and throws its error.
 */
export async function startedTogether<T extends readonly Promise<Stoppable>[] | []>(
  onCleanup: OnCleanup,
  started: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(started as readonly Promise<Stoppable>[]);
  const stopAll = async () => {
    await Promise.all(
      settled.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)),
    );
  };
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  onCleanup(stopAll);
  return settled.map((result) => (result as PromiseFulfilledResult<Stoppable>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
