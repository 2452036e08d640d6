import { after, before } from 'node:test';
import { launchBrowser } from './browser.ts';
import { startPortal } from './portal.ts';
import type { RunningPortal, StartPortalOptions } from './portal.ts';

/**
 * Starts the portal (as ./portal start does) and a headless Chromium once
 * for a test file, and stops both when the file is done.
 */
export function usePortalSession(options: StartPortalOptions) {
  let portal: RunningPortal | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  before(async () => {
    portal = await startPortal(options);
    chromium = await launchBrowser();
  });
  after(async () => {
    await chromium?.close();
    await portal?.stop();
  });
  return {
    portal: () => portal!,
    newPage: () => chromium!.browser.newPage(),
  };
}
