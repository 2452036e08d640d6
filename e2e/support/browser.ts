import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { e2eDir } from './portal.ts';

export const screenshotDir = path.join(e2eDir, 'screenshots');

/**
 * Debian's Chromium, headless, with the flags that keep it off the network
 * (this machine has none but loopback) and working as root. Each launch gets
 * a new empty profile.
 */
export async function launchBrowser(): Promise<{
  browser: Browser;
  close(): Promise<void>;
}> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      // playwright gives every launch a fresh profile directory and removes it
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in with the guest provider, as a newcomer does on the first visit. */
export async function signInAsGuest(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click({ timeout: 60_000 });
  // signed in once the sign-in page is gone (the session is then kept for later navigation)
  await enter.waitFor({ state: 'detached', timeout: 60_000 });
}

/**
 * Runs a browser test body and, when it fails, saves what the page showed so
 * the failure can be read without rerunning it.
 */
export async function withFailureScreenshot(
  page: Page,
  name: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    const file = await screenshot(page, `FAILED-${name}`).catch(() => '(none)');
    (
      error as Error
    ).message += `\nscreenshot of the page: ${file}\nurl: ${page.url()}`;
    throw error;
  }
}

/** The page's data table (the sidebar's unread-notifications badge is an ARIA grid too). */
export function dataTable(page: Page) {
  return page.locator('table[role="grid"]');
}
