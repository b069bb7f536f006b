import type { Locator } from "playwright-core";
import { expect } from "vitest";

/** The few web-first assertions these tests need, as vitest polls over playwright locators. */
export async function expectText(
  locator: Locator,
  expected: string | RegExp,
  timeout = 10_000,
): Promise<void> {
  await expect
    .poll(async () => (await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? "", { timeout })
    .toMatch(
      typeof expected === "string" ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : expected,
    );
}

export async function expectExactText(locator: Locator, expected: string, timeout = 10_000): Promise<void> {
  await expect
    .poll(async () => ((await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? "").trim(), {
      timeout,
    })
    .toBe(expected);
}

export async function expectCount(locator: Locator, count: number, timeout = 10_000): Promise<void> {
  await expect.poll(() => locator.count(), { timeout }).toBe(count);
}
