/*
 * Page timings for the frontend benchmark, measured inside the page: a
 * MutationObserver installed before the app's first script notes when the
 * page's header and its data rows are in the DOM (performance.now(), so
 * Playwright's round trips do not count). Not a benchmark of its own:
 * driven by frontend.bench.ts.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** A page under test: what marks its shell and its data. */
export interface PageTarget {
  name: string;
  /** opened directly in a full load */
  path: string;
  /** the sidebar link a user clicks for in-app navigation */
  sidebarHref: string;
  /** the page header's h1: the shell has rendered */
  heading: string;
  /** rows of data: the page has its data once `rows` of these are in the DOM */
  rowSelector: string;
  rows: number;
  /** resource URLs of the page's data requests (substring) */
  dataRequest: string;
}

export interface PageRun {
  /** first contentful paint (full loads only), ms from navigation start */
  fcpMs?: number;
  /** the header in the DOM, ms from navigation start (full load) or from the click (in-app) */
  shellMs: number;
  /** all rows in the DOM */
  dataMs: number;
  /** the page's data requests answered before its rows showed: how many, when the first started, when the last ended */
  dataRequests: number;
  /** every backend request answered before the rows showed (sign-in refresh, facets, permissions, …) */
  apiRequests: number;
  dataRequestStartMs?: number;
  dataRequestEndMs?: number;
  /** bytes of JavaScript transferred (0 when served from the HTTP cache) */
  jsTransferBytes: number;
}

/** Runs in the page before any of its scripts; serialised by Playwright. */
function installMilestones(
  targets: Array<{
    name: string;
    heading: string;
    rowSelector: string;
    rows: number;
  }>,
) {
  const state = { start: 0, marks: {} as Record<string, number> };
  const check = () => {
    const now = performance.now() - state.start;
    for (const target of targets) {
      const shell = `${target.name}.shell`;
      const data = `${target.name}.data`;
      if (state.marks[shell] === undefined) {
        for (const h1 of Array.from(document.querySelectorAll('h1'))) {
          if (h1.textContent?.trim() === target.heading) {
            state.marks[shell] = now;
            break;
          }
        }
      }
      if (
        state.marks[data] === undefined &&
        document.querySelectorAll(target.rowSelector).length >= target.rows
      ) {
        state.marks[data] = now;
      }
    }
  };
  (window as any).__bench = state;
  (window as any).__benchRestart = () => {
    state.start = performance.now();
    state.marks = {};
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });
}

export async function prepareContext(
  context: BrowserContext,
  targets: PageTarget[],
): Promise<void> {
  await context.addInitScript(
    installMilestones,
    targets.map(({ name, heading, rowSelector, rows }) => ({
      name,
      heading,
      rowSelector,
      rows,
    })),
  );
}

async function readRun(
  page: import('playwright-core').Page,
  target: PageTarget,
  timeoutMs: number,
): Promise<PageRun> {
  await page.waitForFunction(
    name => (window as any).__bench?.marks[`${name}.data`] !== undefined,
    target.name,
    { timeout: timeoutMs, polling: 250 },
  );
  return page.evaluate(
    ({ name, dataRequest }) => {
      const state = (window as any).__bench as {
        start: number;
        marks: Record<string, number>;
      };
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const resources = performance
        .getEntriesByType('resource')
        .filter(r => r.startTime >= state.start) as PerformanceResourceTiming[];
      // the requests the rows were made from: those answered before they showed
      const rowsAt = state.start + state.marks[`${name}.data`];
      const data = resources.filter(
        r => r.name.includes(dataRequest) && r.responseEnd <= rowsAt,
      );
      return {
        fcpMs: state.start === 0 && fcp ? fcp.startTime : undefined,
        shellMs: state.marks[`${name}.shell`],
        dataMs: state.marks[`${name}.data`],
        dataRequests: data.length,
        apiRequests: resources.filter(
          r => r.name.includes('/api/') && r.responseEnd <= rowsAt,
        ).length,
        dataRequestStartMs: data.length
          ? Math.min(...data.map(r => r.startTime)) - state.start
          : undefined,
        dataRequestEndMs: data.length
          ? Math.max(...data.map(r => r.responseEnd)) - state.start
          : undefined,
        jsTransferBytes: resources
          .filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'))
          .reduce((sum, r) => sum + r.transferSize, 0),
      };
    },
    { name: target.name, dataRequest: target.dataRequest },
  );
}

/** A full page load in a new tab of a signed-in context (HTTP cache warm after the first). */
export async function measureFullLoad(
  context: BrowserContext,
  baseUrl: string,
  target: PageTarget,
  timeoutMs = 60_000,
): Promise<PageRun> {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}${target.path}`, { waitUntil: 'commit' });
    return await readRun(page, target, timeoutMs);
  } finally {
    await page.close();
  }
}

/**
 * In-app navigation: the app is loaded on `fromPath` and idle, then the
 * sidebar link is clicked; times count from the click.
 */
export async function measureInAppNavigation(
  context: BrowserContext,
  baseUrl: string,
  fromPath: string,
  fromHeading: string,
  target: PageTarget,
  timeoutMs = 60_000,
): Promise<PageRun> {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}${fromPath}`, { waitUntil: 'networkidle' });
    await page
      .locator('h1', { hasText: fromHeading })
      .first()
      .waitFor({ timeout: timeoutMs });
    await page.evaluate(href => {
      const link = document.querySelector<HTMLAnchorElement>(
        `nav[aria-label="sidebar nav"] a[href="${href}"]`,
      );
      if (!link) throw new Error(`no sidebar link to ${href}`);
      (window as any).__benchRestart();
      link.click();
    }, target.sidebarHref);
    return await readRun(page, target, timeoutMs);
  } finally {
    await page.close();
  }
}

/**
 * Serves a production build the way @backstage/plugin-app-backend does:
 * hashed assets cacheable, everything else falls back to index.html. The
 * config was embedded at build time, so no injection is needed.
 */
export async function serveBuild(
  distDir: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.html': 'text/html; charset=utf-8',
    '.json': 'application/json',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.txt': 'text/plain',
  };
  const known = new Set(
    readdirSync(distDir, { recursive: true }).map(f => `/${String(f)}`),
  );
  const index = readFileSync(path.join(distDir, 'index.html'));
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(
      new URL(req.url ?? '/', 'http://x').pathname,
    );
    const file = path.join(distDir, url);
    if (
      url !== '/' &&
      known.has(url) &&
      file.startsWith(distDir) &&
      statSync(file).isFile()
    ) {
      res.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': url.startsWith('/static/')
          ? 'public, max-age=1209600, immutable'
          : 'no-cache',
      });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, {
      'content-type': types['.html'],
      'cache-control': 'no-store',
    });
    res.end(index);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${actual}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
