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

    // the home page's cards keep clear of the sidebar at every width (at
    // 1440 px the grid once gave the card a negative column and hid the
    // first letters of its lines under the sidebar), and at 1440 px the
    // starred entities sit beside the portal's purpose
    for (const width of [1440, 1024, 800]) {
      await page.setViewportSize({ width, height: 900 });
      for (const text of [
        'What this portal is for',
        'This portal is the one place',
        'Your Starred Entities',
      ]) {
        const line = page.getByText(text).first();
        await line.scrollIntoViewIfNeeded();
        // the page is laid out again on resize: wait until the line's first letter is on top
        const deadline = Date.now() + 10_000;
        let onTop = false;
        while (!onTop && Date.now() < deadline) {
          onTop = await line.evaluate(el => {
            const box = el.getBoundingClientRect();
            const hit = document.elementFromPoint(
              box.left + 2,
              box.top + Math.min(box.height / 2, 8),
            );
            return box.left >= 0 && !!hit && (hit === el || el.contains(hit));
          });
          if (!onTop) await page.waitForTimeout(250);
        }
        assert.ok(
          onTop,
          `at ${width} px the first letters of "${text}" are hidden (covered or off screen)`,
        );
      }
      if (width === 1440) {
        const about = await page
          .getByText('What this portal is for')
          .boundingBox();
        const starred = await page
          .getByText('Your Starred Entities')
          .boundingBox();
        assert.ok(about && starred, 'both home page cards have a box');
        assert.ok(
          Math.abs(about.y - starred.y) < 2 &&
            starred.x > about.x + about.width,
          `at 1440 px the starred entities sit beside the purpose card (purpose ${JSON.stringify(
            about,
          )}, starred ${JSON.stringify(starred)})`,
        );
        await screenshot(page, 'home-1440');
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });

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
