import { afterAll, beforeAll } from "vitest";
import { type DashboardStack, startDashboardStack } from "./dashboard-stack.ts";

/**
 * The file's one dashboard stack: started before its first test, closed after its last. The
 * object returned stands for the stack once it is started (read it inside tests and hooks only).
 */
export function dashboardStackPerFile(): DashboardStack {
  let stack: DashboardStack | undefined;
  beforeAll(async () => {
    stack = await startDashboardStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });
  return new Proxy({} as DashboardStack, {
    get(_target, key) {
      if (!stack) throw new Error("the dashboard stack is read before it started");
      const value = Reflect.get(stack, key, stack);
      return typeof value === "function" ? value.bind(stack) : value;
    },
  });
}
