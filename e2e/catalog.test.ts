import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  screenshot,
  signInAsGuest,
  withFailureScreenshot,
} from './support/browser.ts';
import { usePortalSession } from './support/session.ts';

const session = usePortalSession({ appPort: 3100, backendPort: 7107 });

test('a guest signs in, reads what the portal is for and finds the bundled catalog', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'catalog', async () => {
    await signInAsGuest(page, session.portal().appUrl);

    await page
      .getByText('What this portal is for')
      .waitFor({ timeout: 60_000 });
    await page.getByText('Self-service as pull requests.').waitFor();
    await screenshot(page, 'home');

    await page.goto(
      `${
        session.portal().appUrl
      }/catalog?filters[kind]=group&filters[user]=all`,
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
      `${
        session.portal().appUrl
      }/catalog?filters[kind]=component&filters[user]=all`,
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
