// Functions here run inside the page (page.evaluate), so they are typed against the DOM.
/// <reference lib="dom" />
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const root = fileURLToPath(new URL("../../../", import.meta.url));
export const ARTIFACTS_DIR = join(root, "test-artifacts", "dashboard");

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let axeSource: Promise<string> | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core from node_modules in the page. The strict CSP blocks an added <script> tag, so the
 * source goes in through the DevTools protocol's evaluate, which CSP does not govern.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(axePath, "utf8");
  const source = await axeSource;
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>;
    }
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }));
  });
}

/**
 * Words of the visible text that should never reach a user: "undefined", "NaN", "null" as a value,
 * and raw translation keys such as `account.title`. Code samples (permission names like
 * api.proxies.read) and email addresses are not prose and are left out.
 */
export async function suspiciousVisibleText(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const element of clone.querySelectorAll("code, pre, script, style, textarea")) element.remove();
    // innerText needs layout: measure the clone in place, out of sight.
    clone.setAttribute("aria-hidden", "true");
    document.documentElement.appendChild(clone);
    const visible = clone.textContent;
    clone.remove();
    return visible;
  });
  const words = text
    .split(/\s+/)
    .filter((word) => word !== "" && !word.includes("@") && !word.includes("://"));
  return words.filter(
    (word) =>
      /\b(undefined|NaN)\b/.test(word) ||
      /^null$/i.test(word) ||
      /^\[object/.test(word) ||
      /^[a-z][a-z0-9]*(?:[._][a-z0-9]+)*\.[a-z][a-zA-Z0-9]*_[a-z0-9_]+$/.test(word) ||
      /^[a-z]+(?:\.[a-z]+){2,}$/.test(word.replace(/[.,:;]$/, "")),
  );
}

export interface Unreachable {
  total: number;
  missed: string[];
}

/** Tabs through the page from the top and lists every visible, enabled control that never got focus. */
export async function controlsUnreachableByKeyboard(page: Page): Promise<Unreachable> {
  const total = await page.evaluate(() => {
    const selector = "a[href], button, input, select, textarea, [tabindex]";
    let count = 0;
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const style = getComputedStyle(element);
      const hidden = element.getClientRects().length === 0 || style.visibility === "hidden";
      const disabled = (element as HTMLButtonElement).disabled === true || element.tabIndex < 0;
      if (hidden || disabled) continue;
      element.dataset.kb = String(count++);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return count;
  });
  const seen = new Set<string>();
  for (let press = 0; press < total * 2 + 10 && seen.size < total; press++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kb ?? null);
    if (id !== null) seen.add(id);
  }
  const missed = await page.evaluate(
    (reached) =>
      [...document.querySelectorAll<HTMLElement>("[data-kb]")]
        .filter((element) => !reached.includes(element.dataset.kb ?? ""))
        .map(
          (element) =>
            `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"`,
        ),
    [...seen],
  );
  return { total, missed };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface PageReport {
  screenshot: string;
  text: string[];
  axe: AxeViolation[];
  keyboard: Unreachable;
}

/** Everything each page must pass, gathered so one assertion shows all that is wrong at once. */
export async function inspectPage(page: Page, name: string): Promise<PageReport> {
  const screenshot = await saveScreenshot(page, name);
  const text = await suspiciousVisibleText(page);
  const axe = await seriousAxeViolations(page);
  const keyboard = await controlsUnreachableByKeyboard(page);
  return { screenshot, text, axe, keyboard };
}
