import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launchBrowser,
  screenshot,
  signInAsGuest,
  withFailureScreenshot,
} from './support/browser.ts';
import { startPortal } from './support/portal.ts';
import type { RunningPortal } from './support/portal.ts';

let portal: RunningPortal | undefined;
let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;

before(async () => {
  portal = await startPortal({ appPort: 3100, backendPort: 7107 });
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  await portal?.stop();
});

test('a guest signs in, reads what the portal is for and finds the bundled catalog', async () => {
  const page = await chromium!.browser.newPage();
  await withFailureScreenshot(page, 'catalog', async () => {
    await signInAsGuest(page, portal!.appUrl);

    await page
      .getByText('What this portal is for')
      .waitFor({ timeout: 60_000 });
    await page.getByText('Self-service as pull requests.').waitFor();
    await screenshot(page, 'home');

    await page.goto(
      `${portal!.appUrl}/catalog?filters[kind]=group&filters[user]=all`,
    );
    // the catalog table shows each group's title
    for (const group of [
      'Platform engineers',
      'Cloud engineers',
      'Application developers',
      'ProficientNow',
    ]) {
      await page
        .getByRole('link', { name: group, exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
    }
    await screenshot(page, 'catalog-groups');

    await page.goto(
      `${portal!.appUrl}/catalog?filters[kind]=component&filters[user]=all`,
    );
    // every platform component the RFCs name is in the bundle (44 deployed by Argo CD, and more)
    const heading = page.getByText(/All Components \(\d+\)/);
    await heading.waitFor({ timeout: 60_000 });
    const count = Number(
      /\((\d+)\)/.exec((await heading.textContent()) ?? '')?.[1],
    );
    assert.ok(count >= 44, `expected at least 44 components, saw ${count}`);
    await page.getByRole('link', { name: 'Cilium', exact: true }).waitFor();
    // and the portal itself, found with the table's search
    await page.getByPlaceholder('Search').fill('Platform Portal');
    await page
      .getByRole('link', { name: 'ProficientNow Platform Portal' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'catalog-components');
  });
});
