import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dataTable,
  screenshot,
  signInAsGuest,
  withFailureScreenshot,
} from './support/browser.ts';
import { usePortalSession } from './support/session.ts';
import { standinOf } from './support/standin.ts';

const session = usePortalSession({ appPort: 3200, backendPort: 7207 });

const standin = () => standinOf(session.portal().stackDir);

// The four things a newcomer can do with `./portal start` alone, no token,
// no cluster: browse the platform catalog, run the nested-cluster template and
// open its pull request, see it among the pending changes, and see the fleet
// with one degraded cluster.
test('local mode: browse the catalog, open a cluster pull request, see it pending, see the degraded fleet', async () => {
  const page = await session.newPage();
  await withFailureScreenshot(page, 'self-service', async () => {
    await signInAsGuest(page, session.portal().appUrl);
    await page
      .getByText('Running against local stand-ins')
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'local-1-home');

    // 1. the platform catalog
    await page.goto(
      `${
        session.portal().appUrl
      }/catalog?filters[kind]=resource&filters[user]=all`,
    );
    // the resources are more than one page (every Argo CD Application is one):
    // find it the way a person would, by typing its name
    await page.getByPlaceholder('Search').fill('HA platform');
    await page
      .getByRole('link', { name: 'HA platform cluster', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'local-2-catalog');

    await page.goto(
      `${session.portal().appUrl}/create/templates/default/nested-cluster`,
    );
    await page.getByRole('textbox', { name: 'Name' }).fill('web-dev');
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await owner.click();
    // the owner picker lists the catalog's groups by title
    await owner.fill('Application');
    await page.getByRole('option', { name: 'Application developers' }).click();
    await screenshot(page, 'self-service-form-cluster');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByText('Worker nodes').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).click();

    const keys = page.getByRole('textbox', { name: 'SSH public keys' });
    await keys.fill(
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH ops@proficientnow',
    );
    await screenshot(page, 'self-service-form-network');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const link = page.getByRole('link', { name: 'Pull request' });
    await link.waitFor({ timeout: 120_000 });
    await screenshot(page, 'self-service-task-done');
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /\/proficientnow\/platform-gitops\/pull\/\d+$/);

    // the pull request is really there, on the branch the request owns
    const github = standin();
    const pulls = await github.get(
      '/repos/proficientnow/platform-gitops/pulls?state=open',
    );
    const pull = pulls.find(
      (p: any) => p.head.ref === 'gitops/cluster-dev-web-dev',
    );
    assert.ok(pull, 'an open pull request from gitops/cluster-dev-web-dev');
    assert.match(pull.body, /\| web-dev-cp-1 \| control-plane \|/);
    const files = await github.get(
      `/repos/proficientnow/platform-gitops/pulls/${pull.number}/files`,
    );
    assert.ok(
      files.some(
        (f: any) => f.filename === 'clusters/dev/web-dev/web-dev-cp-1.yaml',
      ),
    );

    // and a person following the link reads it
    await page.goto(href!);
    await page.getByText('Nested cluster web-dev (dev)').first().waitFor();
    await screenshot(page, 'self-service-pull-request');

    // 3. the change waits for approval on the pending-changes page
    await page.goto(`${session.portal().appUrl}/infra-health/changes`);
    const change = page.getByRole('link', {
      name: /Nested cluster web-dev \(dev\)/,
    });
    await change.first().waitFor({ timeout: 60_000 });
    assert.equal(
      await change.first().getAttribute('href'),
      pull.html_url,
      'the pending change links to the pull request',
    );
    await page
      .getByRole('row')
      .filter({ hasText: 'web-dev' })
      .getByText('dev', { exact: true })
      .first()
      .waitFor();
    // who asked is the signed-in user, recorded in the change's signed identity
    await page
      .getByRole('row')
      .filter({ hasText: 'web-dev' })
      .getByText('guest', { exact: true })
      .first()
      .waitFor();
    await screenshot(page, 'local-3-pending-changes');

    // 4. the fleet: the platform cluster and the nested dev and prod, prod degraded
    await page.goto(`${session.portal().appUrl}/infra-health/fleet`);
    const grid = dataTable(page);
    await grid.waitFor({ timeout: 60_000 });
    for (const name of ['platform', 'dev', 'prod']) {
      await grid
        .getByRole('rowheader', { name: new RegExp(`^${name}\\b`) })
        .first()
        .waitFor({ timeout: 60_000 });
    }
    const prodRow = grid.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: /^prod\b/ }),
    });
    await prodRow.getByText('Warning').first().waitFor();
    await prodRow
      .getByText(/HEALTH_WARN/)
      .first()
      .waitFor();
    await screenshot(page, 'local-4-fleet');

    // 5. day 2: the pull request is merged; from the cluster's page, scale it
    await github.merge(pull.number);
    const entityPage = `${
      session.portal().appUrl
    }/catalog/default/resource/web-dev`;
    // the merge reaches the catalog through the push webhook (polling is the fallback)
    const card = page.getByRole('heading', { name: 'Change this cluster' });
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.goto(entityPage);
      if (
        await card
          .waitFor({ timeout: 10_000 })
          .then(() => true)
          .catch(() => false)
      )
        break;
      assert.ok(Date.now() < deadline, 'web-dev reached the catalog');
    }
    await page.getByText('2 × medium (4 vCPU, 8 GiB, 60 GiB disk)').waitFor({
      timeout: 60_000,
    });
    await screenshot(page, 'day2-1-cluster-page');
    await page.getByRole('link', { name: 'Scale workers' }).click();
    // the form opens filled in from the repository
    const workers = page.getByRole('spinbutton', { name: 'Worker nodes' });
    await workers.waitFor({ timeout: 60_000 });
    assert.equal(
      await page.getByRole('textbox', { name: 'Cluster' }).inputValue(),
      'web-dev',
    );
    assert.equal(await workers.inputValue(), '2');
    await workers.fill('3');
    await screenshot(page, 'day2-2-scale-form');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    const scaleLink = page.getByRole('link', { name: 'Pull request' });
    await scaleLink.waitFor({ timeout: 120_000 });
    await page
      .getByText(/workers 2 → 3: adds web-dev-worker-3 at 192\.168\.105\.\d+/)
      .first()
      .waitFor();
    await screenshot(page, 'day2-3-scale-done');
    const open = await github.get(
      '/repos/proficientnow/platform-gitops/pulls?state=open',
    );
    const scale = open.find(
      (p: any) => p.head.ref === 'gitops/cluster-dev-web-dev--scale',
    );
    assert.ok(
      scale,
      'an open pull request from gitops/cluster-dev-web-dev--scale',
    );
    const scaleFiles = await github.get(
      `/repos/proficientnow/platform-gitops/pulls/${scale.number}/files`,
    );
    assert.deepEqual(
      scaleFiles
        .map((f: any) => `${f.status} ${f.filename}`)
        .filter((f: string) => f.includes('/web-dev/'))
        .sort(),
      [
        'added clusters/dev/web-dev/web-dev-worker-3.yaml',
        'modified clusters/dev/web-dev/cluster-spec.yaml',
        'modified clusters/dev/web-dev/kustomization.yaml',
      ],
    );
    await page.goto(scale.html_url);
    await page.getByText('What a merge does').first().waitFor();
    await screenshot(page, 'day2-4-scale-pull-request');

    // it waits under the pending changes, with the cluster page's card
    await page.goto(`${session.portal().appUrl}/infra-health/changes`);
    await page
      .getByRole('link', {
        name: /Nested cluster web-dev \(dev\): workers 2 → 3/,
      })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'day2-5-pending');

    // 6. a component: from its page, a new chart version
    await page.goto(
      `${session.portal().appUrl}/catalog/default/resource/cert-manager`,
    );
    await page
      .getByRole('heading', { name: 'Change this component' })
      .waitFor({ timeout: 60_000 });
    await page.getByText(/Chart: cert-manager \S+ from https:/).waitFor({
      timeout: 60_000,
    });
    await screenshot(page, 'day2-6-component-page');
    await page
      .getByRole('link', { name: 'Change chart version or values' })
      .click();
    const version = page.getByRole('textbox', { name: 'Chart version' });
    await version.waitFor({ timeout: 60_000 });
    const current = await version.inputValue();
    assert.match(
      current,
      /^v?\d+\.\d+\.\d+/,
      'the current version is filled in',
    );
    await version.fill('v1.99.0');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page
      .getByRole('link', { name: 'Pull request' })
      .waitFor({ timeout: 120_000 });
    await page.getByText(`→ v1.99.0`).first().waitFor();
    const bump = (
      await github.get('/repos/proficientnow/platform-gitops/pulls?state=open')
    ).find(
      (p: any) =>
        p.head.ref === 'gitops/component-infrastructure-cert-manager--change',
    );
    assert.ok(bump, 'an open pull request changing cert-manager');
    const bumpFiles = await github.get(
      `/repos/proficientnow/platform-gitops/pulls/${bump.number}/files`,
    );
    assert.equal(bumpFiles.length, 1, 'one file changes');
    assert.equal(bumpFiles[0].status, 'modified');
    assert.match(bumpFiles[0].patch ?? '', /^\+\s+targetRevision: v1\.99\.0$/m);
    await screenshot(page, 'day2-7-component-done');
  });
});
