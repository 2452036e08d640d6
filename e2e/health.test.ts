import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  dataTable,
  screenshot,
  signInAsGuest,
  withFailureScreenshot,
} from './support/browser.ts';
import { usePortalSession } from './support/session.ts';

// The health pages against the local stand-ins: the Kubernetes stand-in's
// platform, dev and prod clusters, and (when Debian's packages are installed,
// as ./portal test does) a real single-node Ceph and Prometheus for the
// platform cluster. The local stack collects every 10 seconds.
const session = usePortalSession({
  appPort: 3400,
  backendPort: 7407,
  ceph: process.env.PORTAL_REQUIRE_CEPH === '1' ? 'auto' : 'off',
});

async function change(cluster: string, body: object) {
  const res = await fetch(
    `${session.portal().controlUrl}/clusters/${cluster}`,
    {
      method: 'POST',
      body: JSON.stringify(body),
    },
  );
  assert.equal(res.status, 200, await res.text());
}

/** Sets (POST) or clears (DELETE) faults of a cluster's API through the local control API. */
async function fault(cluster: string, body?: object) {
  const res = await fetch(
    `${session.portal().controlUrl}/clusters/${cluster}/faults`,
    body
      ? { method: 'POST', body: JSON.stringify(body) }
      : { method: 'DELETE' },
  );
  assert.equal(res.status, 200, await res.text());
}

function row(page: Page, cluster: string) {
  return dataTable(page)
    .getByRole('row')
    .filter({
      has: page.getByRole('rowheader', { name: new RegExp(`^${cluster}\\b`) }),
    });
}

async function openFleet(page: Page) {
  await page.goto(`${session.portal().appUrl}/infra-health/fleet`);
  await dataTable(page).waitFor({ timeout: 60_000 });
}

const WORDS = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

/**
 * Waits until a cluster's rollup (the row's first status badge) shows a
 * status, in its word (the page refreshes every 30 s; reloading is quicker).
 */
async function waitForRowStatus(
  page: Page,
  cluster: string,
  status: keyof typeof WORDS,
  timeoutMs = 90_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const badge = row(page, cluster).locator('[data-status]').first();
    if (
      (await badge.count()) > 0 &&
      (await badge.getAttribute('data-status')) === status
    ) {
      // carried by the word, not the colour alone
      assert.match(
        (await badge.textContent()) ?? '',
        new RegExp(WORDS[status]),
      );
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${cluster} never showed ${status}; last: ${await badge
          .textContent()
          .catch(() => '(no row)')}`,
      );
    }
    await page.waitForTimeout(3_000);
    await openFleet(page);
  }
}

test('the fleet page lists every cluster with its status, and follows a cluster that degrades or dies', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'health-fleet', async () => {
    await signInAsGuest(page, session.portal().appUrl);
    await openFleet(page);
    for (const name of ['platform', 'dev', 'prod']) {
      await row(page, name).first().waitFor({ timeout: 60_000 });
    }
    // the statuses the backend judged, in words: prod is degraded on purpose
    await waitForRowStatus(page, 'prod', 'warning');
    await waitForRowStatus(page, 'dev', 'ok');
    await row(page, 'prod')
      .getByText(/HEALTH_WARN/)
      .first()
      .waitFor();
    await screenshot(page, 'health-fleet');

    // dev degrades: Rook reports HEALTH_ERR, a Cilium agent loses a node
    await change('dev', { ceph: 'HEALTH_ERR', unreachableNodes: 1 });
    await waitForRowStatus(page, 'dev', 'critical');
    await row(page, 'dev')
      .getByText(/HEALTH_ERR/)
      .first()
      .waitFor();
    await screenshot(page, 'health-fleet-dev-degraded');

    // prod dies: unreachable, with the time it was last seen
    await change('prod', { api: 'dead' });
    const unreachable = row(page, 'prod').getByText(/^Unreachable,/);
    const deadline = Date.now() + 90_000;
    while ((await unreachable.count()) === 0) {
      assert.ok(Date.now() < deadline, 'prod never showed as unreachable');
      await page.waitForTimeout(3_000);
      await openFleet(page);
    }
    const lastSeen = row(page, 'prod').locator('time').first();
    assert.match((await lastSeen.textContent()) ?? '', /last seen/);
    assert.ok(
      Date.parse((await lastSeen.getAttribute('datetime')) ?? '') > 0,
      'the last-seen time is a real time',
    );
    await screenshot(page, 'health-fleet-prod-unreachable');

    // clicking a cluster shows its checks with their reasons
    await row(page, 'dev').first().click();
    await page
      .getByText(/HEALTH_ERR/)
      .first()
      .waitFor();
    await screenshot(page, 'health-cluster-checks');
    await change('dev', { ceph: 'HEALTH_OK', unreachableNodes: 0 });
    await change('prod', { api: 'alive' });
  });
});

test('entity cards show Ceph, Cilium and cluster health where they belong', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'health-cards', async () => {
    await signInAsGuest(page, session.portal().appUrl);
    const app = session.portal().appUrl;

    // the HA platform cluster's own page: the cluster card with its sparkline, and the Kubernetes tab still there
    await page.goto(`${app}/catalog/default/resource/platform-cluster`);
    await page.getByText('Nodes').first().waitFor({ timeout: 60_000 });
    await page.getByText('Ready: 5 of 5').first().waitFor({ timeout: 60_000 });
    await page
      .getByText(/out of sync: nested-networks/i)
      .first()
      .waitFor();
    // the kubernetes plugin's own tab stays next to Overview
    await page.getByText('Kubernetes', { exact: true }).first().waitFor();
    await screenshot(page, 'health-card-cluster');

    // Ceph on the rook-ceph component: health with its checks, capacity, OSDs, PGs, pools
    await page.goto(`${app}/catalog/default/component/rook-ceph`);
    await page
      .getByText('Placement groups')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('Monitors').first().waitFor();
    await screenshot(page, 'health-card-ceph');

    // Cilium on the cilium component: agents, unreachable nodes, drops by reason
    await page.goto(`${app}/catalog/default/component/cilium`);
    await page
      .getByText('Unreachable nodes')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('Dropped packets').first().waitFor();
    await screenshot(page, 'health-card-cilium');
  });
});

test('a Node the API server answers with wrong-typed fields turns the cluster unknown, naming the Node, never ok', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'health-malformed-node', async () => {
    await signInAsGuest(page, session.portal().appUrl);
    await openFleet(page);
    await waitForRowStatus(page, 'dev', 'ok');
    // every Node of dev comes back with each status field of another type
    // (conditions a string, nodeInfo a string, ...); the parser names the first it meets
    await fault('dev', {
      source: 'nodes',
      fault: 'garbage',
      variant: 'wrong-types',
    });
    await waitForRowStatus(page, 'dev', 'unknown');
    await row(page, 'dev').first().click();
    await page
      .getByText(
        /Node dev-[a-z0-9-]+: status\.[a-zA-Z]+ is not an? (list|object)/,
      )
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'health-malformed-node');
    await fault('dev');
    await waitForRowStatus(page, 'dev', 'ok');
  });
});
