import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { screenshot, withFailureScreenshot } from './support/browser.ts';
import { requestThroughForm } from './support/forms.ts';
import { e2eDir } from './support/portal.ts';
import { usePortalSession } from './support/session.ts';
import { standinOf } from './support/standin.ts';

// Two people signed in through a real OpenID Connect provider (the local
// stand-in for Authentik), the portal reaching GitHub as a GitHub App and
// keeping its data in PostgreSQL with a password: who may request what is
// decided by the server for each of them, and no secret the portal holds
// shows up in its logs, its answers, the pull requests or the frontend.

const APP_PORT = 3600;
const BACKEND_PORT = 7607;

// PostgreSQL with a role and password of this run's own (./portal test provides the server)
const pgUrl = process.env.PORTAL_TEST_POSTGRES_URL;
const dbName = `portal_e2e_${randomBytes(4).toString('hex')}`;
const dbPassword = randomBytes(18).toString('base64url');
const dbConfigFile = path.join(e2eDir, `signin-${dbName}.yaml`);

function psql(sql: string): void {
  const result = spawnSync('psql', [pgUrl!, '-qAtc', sql], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `psql: ${result.stderr}`);
}

before(() => {
  if (!pgUrl) return;
  const url = new URL(pgUrl);
  psql(`CREATE ROLE ${dbName} LOGIN PASSWORD '${dbPassword}'`);
  psql(`CREATE DATABASE ${dbName} OWNER ${dbName}`);
  mkdirSync(e2eDir, { recursive: true });
  writeFileSync(
    dbConfigFile,
    JSON.stringify({
      backend: {
        database: {
          client: 'pg',
          connection: {
            host: url.hostname,
            port: Number(url.port),
            user: dbName,
            password: dbPassword,
            database: dbName,
          },
          pluginDivisionMode: 'schema',
        },
      },
    }),
    { mode: 0o600 },
  );
});

const session = usePortalSession({
  appPort: APP_PORT,
  backendPort: BACKEND_PORT,
  oidc: true,
  githubAuth: 'app',
  extraConfig: pgUrl ? [dbConfigFile] : [],
});

after(() => {
  if (!pgUrl) return;
  psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  psql(`DROP ROLE IF EXISTS ${dbName}`);
});

interface Account {
  username: string;
  password: string;
}

function accounts(): Map<string, Account> {
  const list: Account[] = JSON.parse(
    readFileSync(
      path.join(session.portal().stackDir, 'oidc-accounts.json'),
      'utf8',
    ),
  );
  return new Map(list.map(a => [a.username, a]));
}

/** Everything the portal sent: the browser's answers and the test's own API calls. */
const answers: Array<{ url: string; body: string }> = [];

function recordAnswers(page: Page) {
  page.on('response', async response => {
    const type = response.headers()['content-type'] ?? '';
    if (/image|font/.test(type)) return;
    try {
      answers.push({ url: response.url(), body: await response.text() });
    } catch {
      // a redirect or a closed page has no body
    }
  });
}

/** Signs in through the Authentik stand-in's popup; resolves with the person's Backstage token. */
async function signIn(page: Page, who: string): Promise<string> {
  const account = accounts().get(who)!;
  recordAnswers(page);
  await page.goto(session.portal().appUrl);
  const popup = page.waitForEvent('popup');
  await page
    .getByRole('button', { name: 'Sign In' })
    .click({ timeout: 60_000 });
  const login = await popup;
  recordAnswers(login);
  await login.getByLabel('Username').fill(account.username);
  await login.getByLabel('Password').fill(account.password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await login.waitForEvent('close', { timeout: 60_000 });
  await page
    .getByText('Running against local stand-ins')
    .waitFor({ timeout: 60_000 });
  // the token the browser's session holds, read as the app does on a reload
  const identity = await page.evaluate(async backendUrl => {
    const res = await fetch(
      `${backendUrl}/api/auth/oidc/refresh?optional&env=development`,
      {
        credentials: 'include',
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    return res.json();
  }, session.portal().backendUrl);
  const token = identity?.backstageIdentity?.token;
  assert.ok(token, `the browser holds a session for ${who}`);
  assert.equal(
    identity.backstageIdentity.identity.userEntityRef,
    `user:default/${who}`,
  );
  return token;
}

async function api(
  token: string,
  route: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; json: any }> {
  const url = `${session.portal().backendUrl}${route}`;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await res.text();
  answers.push({ url, body });
  return { status: res.status, json: body ? JSON.parse(body) : undefined };
}

/** Runs a template by calling the scaffolder API directly, as a script with the person's token would. */
async function runTemplate(
  token: string,
  template: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<{ status: string; log: string }> {
  const created = await api(token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: {
      templateRef: `template:default/${template}`,
      values,
      ...(secrets ? { secrets } : {}),
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const task = await api(
      token,
      `/api/scaffolder/v2/tasks/${created.json.id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.json.status)) {
      const events = await api(
        token,
        `/api/scaffolder/v2/tasks/${created.json.id}/events`,
      );
      const log = (events.json as any[])
        .map(e => e.body?.message)
        .filter(Boolean)
        .join('\n');
      return { status: task.json.status, log };
    }
    assert.ok(Date.now() < deadline, `task ${created.json.id} settled`);
    await new Promise(r => setTimeout(r, 1_000));
  }
}

const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH ops@proficientnow';

const prodCluster = {
  name: 'shop-prod',
  environment: 'prod',
  owner: 'group:default/app-developers',
  controlPlaneCount: 3,
  workerCount: 3,
  sshPublicKeys: SSH_KEY,
};

const infrastructureComponent = {
  source: 'catalogue',
  component: 'velero',
  owner: 'group:default/app-developers',
};

const bootstrapTree = {
  components: ['cilium', 'metallb'],
  argocdChartVersion: '8.1.2',
};

const refusals = {
  prodCluster:
    /not allowed to request a prod cluster: the prod environment is protected/,
  infrastructure:
    /not allowed to request .*velero.*: the infrastructure domain is protected/,
  bootstrap:
    /not allowed to request the bootstrap tree: the infrastructure domain is protected/,
  portal:
    /not allowed to request the deployment of the portal: the infrastructure domain is protected/,
};

/** Secret values typed into forms: searched for with the others. */
const typedSecrets: string[] = [];

const portalValues = {
  hostname: 'portal.platform.proficientnow.example',
  image: 'ghcr.io/proficientnow/platform-portal:1.4.0',
  replicas: 2,
  certificateIssuer: 'letsencrypt-production',
  certificateIssuerKind: 'ClusterIssuer',
  databaseMode: 'cloudnative-pg',
  databaseInstances: 3,
  databaseStorageClass: 'ceph-rbd',
  databaseSize: '20Gi',
  oidcMetadataUrl:
    'https://auth.proficientnow.example/application/o/portal/.well-known/openid-configuration',
  oidcClientId: 'platform-portal',
  githubMode: 'token',
};

const portalSecrets = {
  backendSecret: randomBytes(24).toString('hex'),
  authSessionSecret: randomBytes(24).toString('hex'),
  oidcClientSecret: randomBytes(24).toString('hex'),
  githubToken: `ghp_${randomBytes(18).toString('hex')}`,
};

// what the browser sends: each Secret field masked in the values, its value in the task secrets
const portalForm = {
  ...portalValues,
  ...Object.fromEntries(
    Object.entries(portalSecrets).map(([k, v]) => [k, '*'.repeat(v.length)]),
  ),
};

test('two people signed in through OIDC: the developer is refused protected changes in the UI and by the API, the platform engineer is not, and no secret leaks', async () => {
  const standin = standinOf(session.portal().stackDir);
  const pullsBefore = (
    await standin.get('/repos/proficientnow/platform-gitops/pulls?state=all')
  ).length;

  // 1. a person the identity provider knows and the catalog does not
  const strangerPage = await session.newPage();
  await withFailureScreenshot(strangerPage, 'signin-stranger', async () => {
    recordAnswers(strangerPage);
    await strangerPage.goto(session.portal().appUrl);
    const popup = strangerPage.waitForEvent('popup');
    await strangerPage
      .getByRole('button', { name: 'Sign In' })
      .click({ timeout: 60_000 });
    const login = await popup;
    const stranger = accounts().get('stranger')!;
    await login.getByLabel('Username').fill(stranger.username);
    await login.getByLabel('Password').fill(stranger.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await strangerPage
      .getByText(/stranger@elsewhere\.example is not a user of this portal/)
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(strangerPage, 'signin-1-refused');
  });

  // 2. Lena, an application developer
  const lenaPage = await session.newPage();
  let lena = '';
  await withFailureScreenshot(lenaPage, 'signin-lena', async () => {
    lena = await signIn(lenaPage, 'lena.dev');
    await screenshot(lenaPage, 'signin-2-lena-home');

    // in the UI: each protected request, the form filled in, is refused by the server
    for (const [template, values, reason, shot] of [
      [
        'nested-cluster',
        prodCluster,
        refusals.prodCluster,
        'signin-3-lena-prod-refused',
      ],
      [
        'platform-component',
        infrastructureComponent,
        refusals.infrastructure,
        undefined,
      ],
      ['bootstrap-gitops', bootstrapTree, refusals.bootstrap, undefined],
      ['portal-deployment', portalValues, refusals.portal, undefined],
    ] as const) {
      typedSecrets.push(
        ...(await requestThroughForm(
          lenaPage,
          session.portal().appUrl,
          template,
          values,
        )),
      );
      await lenaPage.getByText(reason).first().waitFor({ timeout: 120_000 });
      if (shot) await screenshot(lenaPage, shot);
    }
    // the portal form's secret fields were typed into (client secret, keys, GitHub token)
    assert.ok(typedSecrets.length >= 4, `${typedSecrets.length} secrets typed`);
  });

  // by the API with her own token: the server decides, not the form
  const lenaRuns = {
    devCluster: await runTemplate(lena, 'nested-cluster', {
      ...prodCluster,
      name: 'lena-dev',
      environment: 'dev',
      controlPlaneCount: 1,
      workerCount: 1,
    }),
    component: await runTemplate(lena, 'platform-component', {
      source: 'catalogue',
      component: 'redis',
      owner: 'group:default/app-developers',
    }),
    prodCluster: await runTemplate(lena, 'nested-cluster', prodCluster),
    infrastructure: await runTemplate(
      lena,
      'platform-component',
      infrastructureComponent,
    ),
    bootstrap: await runTemplate(lena, 'bootstrap-gitops', bootstrapTree),
    portal: await runTemplate(
      lena,
      'portal-deployment',
      portalForm,
      portalSecrets,
    ),
  };
  for (const run of ['devCluster', 'component'] as const)
    assert.equal(lenaRuns[run].status, 'completed', lenaRuns[run].log);
  for (const [run, reason] of Object.entries(refusals)) {
    const result = lenaRuns[run as keyof typeof lenaRuns];
    assert.equal(result.status, 'failed', `${run} is refused to Lena`);
    assert.match(result.log, reason);
  }
  // she reads health and the pending changes
  assert.equal((await api(lena, '/api/infra-health/fleet')).status, 200);
  assert.equal((await api(lena, '/api/gitops/changes')).status, 200);

  // 3. Priya, a platform engineer
  const priyaPage = await session.newPage();
  await withFailureScreenshot(priyaPage, 'signin-priya', async () => {
    const priya = await signIn(priyaPage, 'priya.platform');
    const priyaRuns = {
      prodCluster: await runTemplate(priya, 'nested-cluster', {
        ...prodCluster,
        owner: 'group:default/platform-engineers',
      }),
      infrastructure: await runTemplate(priya, 'platform-component', {
        source: 'catalogue',
        component: 'velero',
        owner: 'group:default/platform-engineers',
      }),
      portal: await runTemplate(
        priya,
        'portal-deployment',
        {
          ...portalForm,
        },
        portalSecrets,
      ),
    };
    for (const [run, result] of Object.entries(priyaRuns))
      assert.equal(result.status, 'completed', `${run}: ${result.log}`);

    // who asked is the signed-in person, on the pending changes
    const { json } = await api(priya, '/api/gitops/changes');
    const requesterOf = (fragment: string) =>
      json.changes.find((c: any) => c.title.includes(fragment));
    assert.equal(requesterOf('lena-dev')?.requester, 'user:default/lena.dev');
    assert.equal(
      requesterOf('shop-prod')?.requester,
      'user:default/priya.platform',
    );
    assert.equal(requesterOf('shop-prod')?.requesterVerified, true);
    await priyaPage.goto(`${session.portal().appUrl}/infra-health/changes`);
    const row = priyaPage.getByRole('row').filter({ hasText: 'lena-dev' });
    await row.getByText('lena.dev', { exact: true }).first().waitFor({
      timeout: 60_000,
    });
    await priyaPage
      .getByRole('row')
      .filter({ hasText: 'shop-prod' })
      .getByText('priya.platform', { exact: true })
      .first()
      .waitFor();
    await screenshot(priyaPage, 'signin-4-priya-pending-changes');
  });

  // the refused requests opened nothing: 2 of Lena's and 3 of Priya's
  const pulls = await standin.get(
    '/repos/proficientnow/platform-gitops/pulls?state=all&per_page=100',
  );
  assert.equal(pulls.length - pullsBefore, 5, 'five pull requests opened');

  // 4. no secret anywhere the portal writes or answers
  const stackDir = session.portal().stackDir;
  const stack = parse(
    readFileSync(path.join(stackDir, 'app-config.stack.yaml'), 'utf8'),
  );
  const app = stack.integrations.github[0].apps[0];
  const tokens: string[] = (
    await (
      await fetch(`${session.portal().controlUrl}/github/installation-tokens`)
    ).json()
  ).tokens;
  assert.ok(tokens.length > 0, 'the portal worked as the GitHub App');
  const pemLines = (pem: string) =>
    pem.split('\n').filter(line => line.length >= 48);
  const secrets: Record<string, string[]> = {
    'OIDC client secret': [stack.auth.providers.oidc.development.clientSecret],
    'auth session secret': [stack.auth.session.secret],
    'OIDC passwords': [...accounts().values()].map(a => a.password),
    'GitHub App private key': pemLines(app.privateKey),
    'GitHub App client and webhook secrets': [
      app.clientSecret,
      app.webhookSecret,
    ],
    'GitHub installation tokens': tokens,
    'GitHub token': [standin.token],
    'sealing key': pemLines(
      readFileSync(path.join(stackDir, 'sealing', 'sealing-key.pem'), 'utf8'),
    ),
    'join token key': [stack.gitops.nestedClusters.joinTokenKey],
    'change signing key': [stack.gitops.changes.signingKey],
    'push webhook secret': [stack.events.modules.github.webhookSecret],
    'secrets typed into the portal form': [
      ...Object.values(portalSecrets),
      ...typedSecrets,
    ],
    ...(pgUrl ? { 'database password': [dbPassword] } : {}),
  };

  const pullTexts = [];
  for (const pull of pulls) {
    pullTexts.push({
      where: `pull request #${pull.number} title and body`,
      text: `${pull.title}\n${pull.body}`,
    });
    const files = await standin.get(
      `/repos/proficientnow/platform-gitops/pulls/${pull.number}/files`,
    );
    pullTexts.push({
      where: `pull request #${pull.number} files`,
      text: files.map((f: any) => `${f.filename}\n${f.patch ?? ''}`).join('\n'),
    });
  }
  const runDir = path.dirname(stackDir);
  const places = [
    {
      where: 'the portal log',
      text: readFileSync(session.portal().logFile, 'utf8'),
    },
    {
      where: 'the local stack log',
      text: readFileSync(path.join(runDir, 'local-stack.log'), 'utf8'),
    },
    ...answers.map(a => ({
      where: `the answer of ${a.url.split('?')[0]}`,
      text: a.body,
    })),
    ...pullTexts,
  ];
  // the search reads real text: the backend's log lines and the API's answers are there
  const [portalLog] = places;
  assert.match(
    portalLog.text,
    /sign-in refused for stranger@elsewhere\.example: stranger@elsewhere\.example is not a user of this portal/,
  );
  assert.match(
    portalLog.text,
    /signed in priya\.platform@proficientnow\.example as user:default\/priya\.platform/,
  );
  assert.ok(
    answers.some(a => /"requester":\s*"user:default\/lena\.dev"/.test(a.body)),
    'the pending-changes answers were recorded',
  );
  const bundle = answers.filter(a => /\.js$/.test(a.url.split('?')[0]));
  assert.ok(bundle.length > 0, 'the frontend bundle was loaded and searched');
  const found: string[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    for (const value of values) {
      assert.ok(value && value.length >= 8, `${name} is a real value`);
      for (const place of places)
        if (place.text.includes(value)) found.push(`${name} in ${place.where}`);
    }
  }
  // names only: the values stay out of the test output too
  assert.deepEqual([...new Set(found)], [], 'no secret appears');
  process.stdout.write(
    `# searched ${
      Object.values(secrets).flat().length
    } secret values (${Object.keys(secrets).join(', ')}) in ${
      places.length
    } texts (${bundle.length} bundle files, ${answers.length} answers, ${
      pullTexts.length / 2
    } pull requests, 2 logs)\n`,
  );
});
