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

// The local platform cluster's Argo CD holds every Application of the seeded
// repository but couchdb, plus debug-shell that no file declares: the catalog
// shows both, filterable by tag, and says why on the entity page.
test('the catalog shows Git and the cluster disagreeing both ways: not deployed and drift', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'catalog-drift', async () => {
    const app = session.portal().appUrl;
    await signInAsGuest(page, app);
    // the provider reads the live side once health has read the platform cluster
    const tagged = async (tag: string, name: string) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        await page.goto(
          `${app}/catalog?filters[kind]=resource&filters[user]=all&filters[tags]=${tag}`,
        );
        const link = page.getByRole('link', { name, exact: true }).first();
        try {
          await link.waitFor({ timeout: 15_000 });
          return link;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
    };
    await tagged('not-deployed', 'couchdb (Argo CD)');
    await screenshot(page, 'catalog-not-deployed');
    const drift = await tagged('drift', 'debug-shell (Argo CD)');
    await screenshot(page, 'catalog-drift');
    await drift.click();
    await page
      .getByText(/Drift: running in Argo CD .* but declared nowhere in Git/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'entity-drift');

    // what the last refresh read, for the person asking why
    await page.goto(`${app}/catalog/default/resource/gitops-repository`);
    await page
      .getByText(
        /1 in Git but not deployed, \d+ rendered from Git .*, 1 running but in no Git file \(drift\)/,
      )
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'gitops-repository-summary');
  });
});
