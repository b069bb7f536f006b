import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { buildDashboardIfStale } from "../../apps/cli/src/dashboard-build.ts";
import { launchBrowser } from "../dashboard/support/browser.ts";
import { type ApiProcess, startApiProcess } from "./support/api-process.ts";
import { type BenchDatabase, createBenchDatabase } from "./support/bench-database.ts";
import { log, serverUrl } from "./support/bench-server.ts";
import { fixed, median, renderTable } from "./support/report.ts";
import { runBench } from "./support/run-bench.ts";

/**
 * Issue 10's front-end figures: the bytes of the dashboard's first load (the JS and CSS that
 * index.html pulls in, gzip), and its load time in Chromium on loopback from the real API, beside
 * a page of one static file of the same size served by node:http (the floor, same run).
 */
const LOADS = 15;
const WARMUP = 3;
const BYTES_TARGET = 200 * 1024;
const BENCH_DEADLINE_MS = 5 * 60_000;

const root = fileURLToPath(new URL("../../", import.meta.url));
const dist = join(root, "apps", "web", "dist");

let api: ApiProcess | undefined;
let database: BenchDatabase | undefined;
let browser: Browser | undefined;
let floor: Server | undefined;

async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => {});
  await new Promise<void>((resolve) => (floor ? floor.close(() => resolve()) : resolve()));
  await api?.stop().catch(() => {});
  await database?.drop().catch((error: unknown) => console.error("could not drop the bench database", error));
}

interface FirstLoad {
  files: Array<{ path: string; raw: number; gzip: number }>;
  js: number;
  css: number;
  raw: number;
}

/** The assets index.html references, as the API serves them, gzip-compressed here to count. */
async function firstLoad(baseUrl: string): Promise<FirstLoad> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const paths = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  const files: FirstLoad["files"] = [];
  for (const path of paths) {
    const body = Buffer.from(await (await fetch(baseUrl + path)).arrayBuffer());
    files.push({ path, raw: body.length, gzip: gzipSync(body).length });
  }
  const sum = (ext: string) =>
    files.filter((f) => f.path.endsWith(ext)).reduce((total, f) => total + f.gzip, 0);
  return { files, js: sum(".js"), css: sum(".css"), raw: files.reduce((total, f) => total + f.raw, 0) };
}

/** A page with one script of `size` bytes, served by node:http: the least a load of that size costs. */
async function startFloorServer(size: number): Promise<string> {
  const filler = `/*${"x".repeat(Math.max(0, size - 40))}*/document.title="ready";`;
  const script = Buffer.from(filler);
  const page =
    '<!doctype html><html><head><script type="module" src="/blob.js"></script></head><body></body></html>';
  floor = createServer((req, res) => {
    if (req.url === "/blob.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    else res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  });
  await new Promise<void>((resolve) => floor!.listen(0, "127.0.0.1", resolve));
  const address = floor.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
}

/** Cold loads (a new context each, so no cache): ms from navigation start until `ready` holds. */
async function loadTimes(url: string, ready: () => boolean, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(ready, undefined, { polling: "raf" });
    samples.push(performance.now() - started);
    await context.close();
  }
  return samples;
}

const kb = (bytes: number) => `${fixed(bytes / 1024, 1)} KB`;

await runBench({ deadlineMs: BENCH_DEADLINE_MS, cleanUp }, async () => {
  await buildDashboardIfStale(root);
  database = await createBenchDatabase({
    serverUrl,
    name: `sieve_bench_dashboard_${randomBytes(4).toString("hex")}`,
    rows: 0,
    log,
  });
  api = await startApiProcess({
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    QUEUE_PREFIX: "sieve-bench",
  });
  const bytes = await firstLoad(api.url);
  for (const file of bytes.files) log(`${file.path}: ${kb(file.raw)} raw, ${kb(file.gzip)} gzip`);
  const floorUrl = await startFloorServer(bytes.raw);

  browser = await launchBrowser();
  // The sign-in page drawn by the app, after its /me answered 401: the app is usable.
  // Functions, not strings: the dashboard's CSP forbids eval.
  const dashboardReady = () => document.querySelector("h1")?.textContent === "Sign in";
  const floorReady = () => document.title === "ready";
  await loadTimes(`${api.url}/signin`, dashboardReady, WARMUP);
  await loadTimes(floorUrl, floorReady, WARMUP);
  const dashboard = await loadTimes(`${api.url}/signin`, dashboardReady, LOADS);
  const floorTimes = await loadTimes(floorUrl, floorReady, LOADS);

  const total = bytes.js + bytes.css;
  log(
    `\n${renderTable([
      {
        figure: "first load JS + CSS (gzip)",
        measured: `${kb(total)} (JS ${kb(bytes.js)}, CSS ${kb(bytes.css)})`,
        floor: `${kb(bytes.raw)} uncompressed`,
        target: `<= ${kb(BYTES_TARGET)}`,
        pass: total <= BYTES_TARGET,
      },
      {
        figure: `cold load to a drawn sign-in page (median of ${LOADS})`,
        measured: `${fixed(median(dashboard), 1)} ms`,
        floor: `${fixed(median(floorTimes), 1)} ms (node:http, one ${kb(bytes.raw)} file)`,
        target: "",
      },
    ])}`,
  );
});
