import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dataTable,
  screenshot,
  signInAsGuest,
  withFailureScreenshot,
} from './support/browser.ts';
import { requestThroughForm } from './support/forms.ts';
import { usePortalSession } from './support/session.ts';
import { standinOf } from './support/standin.ts';

// Being told, as an on-call platform engineer (the local guest is one): the
// fleet and the changes follow the platform without a reload (Backstage
// signals; the pages poll only every five minutes when signals are on), a
// cluster that turns critical reaches the bell, and a change is followed
// from its merge to a healthy rollout applied by the local Argo CD.
const session = usePortalSession({ appPort: 3700, backendPort: 7707 });

test('the fleet and the changes update without a reload, and the owners are told in the bell', async () => {
  const page = await session.newPage();
  const { appUrl, controlUrl } = session.portal();
  await withFailureScreenshot(page, 'tracking', async () => {
    await signInAsGuest(page, appUrl);

    // 1. the fleet, open, while dev turns critical
    await page.goto(`${appUrl}/infra-health/fleet`);
    const grid = dataTable(page);
    const devRow = grid.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: /^dev\b/ }),
    });
    await devRow.getByText('OK').first().waitFor({ timeout: 90_000 });
    await page
      .getByText('updates as each collection finishes')
      .waitFor({ timeout: 10_000 });
    const degraded = await fetch(`${controlUrl}/clusters/dev`, {
      method: 'POST',
      body: JSON.stringify({ ceph: 'HEALTH_ERR' }),
    });
    assert.equal(degraded.status, 200);
    // no reload: the next collection's signal brings it (the fallback poll is 5 minutes away)
    await devRow.getByText('Critical').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'tracking-1-fleet-live');

    // 2. held past the debounce, the platform engineers are told: a toast, then the bell
    await page
      .getByText('Cluster dev (dev) is critical')
      .first()
      .waitFor({ timeout: 120_000 });
    await screenshot(page, 'tracking-2-notified');
    await page
      .getByRole('link', { name: /Notifications/ })
      .first()
      .click();
    await page
      .getByText('Cluster dev (dev) is critical')
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'tracking-3-notifications-page');

    // 3. a change: requested, merged on GitHub, applied by Argo CD, healthy
    await requestThroughForm(page, appUrl, 'platform-component', {
      source: 'catalogue',
      component: 'redis',
      owner: 'group:default/platform-engineers',
    });
    await page
      .getByRole('link', { name: 'Pull request' })
      .waitFor({ timeout: 120_000 });
    const github = standinOf(session.portal().stackDir);
    const open = await github.get(
      '/repos/proficientnow/platform-gitops/pulls?state=open',
    );
    const pull = open.find((p: any) => /redis/.test(p.title));
    assert.ok(pull, 'an open pull request for redis');

    await page.goto(`${appUrl}/infra-health/changes`);
    const row = page
      .getByRole('row')
      .filter({ hasText: `#${pull.number} ` })
      .last();
    await row
      .getByText('Waiting for review', { exact: true })
      .waitFor({ timeout: 60_000 });
    await github.merge(pull.number);
    // merged, then synced by the local Argo CD and healthy: the page follows without a reload
    await row
      .getByText('Rolled out', { exact: true })
      .waitFor({ timeout: 120_000 });
    await row.getByText(/synced [0-9a-f]{7} and healthy/).waitFor();
    await screenshot(page, 'tracking-4-changes-rolled-out');

    // the pull request says it too
    const statuses = await github.get(
      `/repos/proficientnow/platform-gitops/commits/${pull.head.sha}/status`,
    );
    const rollout = statuses.statuses.find(
      (s: any) => s.context === 'platform-portal/rollout',
    );
    assert.equal(rollout?.state, 'success');
    assert.match(
      rollout.target_url,
      new RegExp(`/infra-health/changes\\?change=${pull.number}$`),
    );
  });
});
