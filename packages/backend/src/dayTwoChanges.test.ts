/**
 * Changes after creation, through the real scaffolder, the real catalog
 * (fed by our GitOps provider from the repository) and the GitHub stand-in,
 * which merges with real git: a nested cluster created, merged, scaled as
 * the owners, refused to others, retired by a platform engineer; two
 * clusters requested before either is merged never share an address; a
 * component's chart changed, rolled back and removed.
 *
 * @jest-environment node
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import gitopsCatalogModule from '@proficientnow/backstage-plugin-catalog-backend-module-gitops';
import {
  realTool,
  run,
  sshEd25519Key,
  unsealValue,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import { pushCommit } from '@internal/github-standin';
import { waitFor } from '@internal/test-support';
import { Octokit } from '@octokit/rest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  BUNDLED_TEMPLATES,
  EDITOR_TOKEN,
  headers,
  keys,
  LENA,
  pendingChange,
  Portal,
  PRIYA,
  runTemplate,
  startPortalBackend,
  TOKEN,
} from './__testUtils__/selfServicePortal';

jest.setTimeout(240_000);

const OWNER = 'proficientnow';
const REPO = 'platform-gitops';
const JOIN_KEY = 'the join token key of the cluster lifecycle test';
/** A cloud engineer: signed in, not in app-developers. */
const OMAR = 'user:default/omar.cloud';

let standin: GitHubStandin;

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [
      {
        owner: OWNER,
        name: REPO,
        files: { 'README.md': '# platform-gitops\n' },
      },
    ],
    tokens: [TOKEN, { token: EDITOR_TOKEN, login: 'someone-else' }],
  });
});
afterEach(async () => {
  const violations = standin.violations();
  await standin.close();
  if (violations.length > 0)
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations, null, 2)}`,
    );
});

async function withPortal(
  ownership: string[],
  body: (portal: Portal) => Promise<void>,
) {
  const portal = await startPortalBackend(standin, ownership, {
    templates: [
      ...BUNDLED_TEMPLATES,
      'nested-cluster-scale',
      'nested-cluster-resize',
      'nested-cluster-retire',
      'nested-cluster-upgrade',
      'platform-component-change',
      'platform-component-remove',
      'change-revert',
    ],
    // the real scheduler, so the provider refreshes on its schedule (the test backend's runs a task once)
    features: [schedulerServiceFactory, gitopsCatalogModule],
    gitops: {
      nestedClusters: { joinTokenKey: JOIN_KEY },
      catalog: {
        defaultOwner: 'platform-engineers',
        schedule: { frequency: { seconds: 1 }, timeout: { minutes: 1 } },
      },
    },
  });
  try {
    await body(portal);
  } finally {
    await portal.stop();
  }
}

const repo = () => standin.repo(OWNER, REPO);
const editor = () => new Octokit({ baseUrl: standin.url, auth: EDITOR_TOKEN });

/** Merges a pull request as a reviewer would on GitHub (squash). */
async function merge(number: number) {
  await editor().pulls.merge({
    owner: OWNER,
    repo: REPO,
    pull_number: number,
    merge_method: 'squash',
  });
}

async function completed(
  started: ReturnType<typeof runTemplate>,
): Promise<Awaited<ReturnType<typeof runTemplate>>> {
  const result = await started;
  if (result.task.status !== 'completed')
    throw new Error(`the task ${result.task.status}:\n${result.log}`);
  return result;
}

/** The open pull request whose head is this branch. */
function pullOf(branch: string) {
  const pulls = repo()
    .pulls()
    .filter(p => p.state === 'open' && p.head.endsWith(`:${branch}`));
  expect(pulls).toHaveLength(1);
  return pulls[0];
}

/** A node's cloud-init user-data, unsealed as the controller would. */
function userData(files: Record<string, string>, folder: string, node: string) {
  const sealed = parseAllDocuments(files[`${folder}/${node}.yaml`])
    .map(d => d.toJS())
    .find(o => o.kind === 'SealedSecret');
  const text = unsealValue(
    keys.privateKeyPem,
    `${sealed.metadata.namespace}/${sealed.metadata.name}`,
    sealed.spec.encryptedData.userdata,
  );
  return {
    text,
    config: parse(text),
    launch: parse(parse(text).write_files[0].content),
  };
}

/** `kubectl kustomize` on a cluster folder and `cloud-init schema` on a node's user-data, where the machine has them. */
function realToolChecks(
  files: Record<string, string>,
  folder: string,
  userDataText: string,
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'day-two-'));
  try {
    for (const [p, content] of Object.entries(files)) {
      if (!p.startsWith(`${folder}/`)) continue;
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), content);
    }
    const built = realTool('kubectl')
      ? run('kubectl', ['kustomize', path.join(dir, folder)])
      : undefined;
    const file = path.join(dir, 'user-data');
    writeFileSync(file, userDataText);
    return {
      kustomize: built
        ? {
            code: built.code,
            vms: parseAllDocuments(built.output)
              .map(d => d.toJS())
              .filter(o => o?.kind === 'VirtualMachine').length,
          }
        : 'not installed',
      cloudInit: realTool('cloud-init')
        ? run('cloud-init', ['schema', '--config-file', file]).code
        : 'not installed',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function createCluster(portal: Portal, name: string, workers: number) {
  return completed(
    runTemplate(portal, LENA, 'nested-cluster', {
      name,
      environment: 'dev',
      owner: 'group:default/app-developers',
      controlPlaneCount: 1,
      controlPlaneSize: 'medium',
      workerCount: workers,
      workerSize: 'small',
      sshPublicKeys: sshEd25519Key(),
    }),
  );
}

async function entityOwner(portal: Portal, name: string) {
  return waitFor(`${name} in the catalog`, async () => {
    const res = await fetch(
      `${portal.base}/api/catalog/entities/by-name/resource/default/${name}`,
      { headers: headers(LENA) },
    );
    return res.status === 200 ? (await res.json()).spec.owner : undefined;
  });
}

it('a cluster over its life: scaled by its owners without touching a running node, refused to others, retired by the platform team', async () => {
  const folder = 'clusters/dev/payments-dev';
  await withPortal([LENA, 'group:default/app-developers'], async portal => {
    const beforeCluster = (await repo().headSha('main'))!;
    await createCluster(portal, 'payments-dev', 2);
    const created = pullOf('gitops/cluster-dev-payments-dev');
    await merge(created.number);
    expect(await entityOwner(portal, 'payments-dev')).toBe(
      'group:default/app-developers',
    );
    const main = await repo().readFiles('main');
    const baseRevision = (await repo().headSha('main'))!;

    // scale 2 -> 4, as the owner team
    const scaled = await completed(
      runTemplate(portal, LENA, 'nested-cluster-scale', {
        name: 'payments-dev',
        workerCount: 4,
        baseRevision,
      }),
    );
    const pull = pullOf('gitops/cluster-dev-payments-dev--scale');
    expect(pull.title).toBe(
      'Nested cluster payments-dev (dev): workers 2 → 4: adds payments-dev-worker-3 and payments-dev-worker-4 at 192.168.105.24 and .25',
    );
    expect(pull.body).toContain(
      '| `clusters/dev/payments-dev/payments-dev-worker-3.yaml` | added |',
    );
    expect(pull.body).toMatch(
      /## What a merge does\n\n1\. Argo CD creates the new VirtualMachines/,
    );
    expect(pull.labels).toEqual(['gitops', 'env:dev']);
    const branch = await repo().readFiles(
      'gitops/cluster-dev-payments-dev--scale',
    );
    const changed = Object.keys({ ...main, ...branch })
      .filter(p => main[p] !== branch[p])
      .sort();
    expect(changed).toEqual([
      'clusters/allocations/vlan105/192.168.105.24.yaml',
      'clusters/allocations/vlan105/192.168.105.25.yaml',
      `${folder}/cluster-spec.yaml`,
      `${folder}/kustomization.yaml`,
      `${folder}/payments-dev-worker-3.yaml`,
      `${folder}/payments-dev-worker-4.yaml`,
    ]);
    // every existing node's file is byte-identical (changed lists every path that differs)

    // the new worker joins the running control plane with the token that node was installed with
    const founder = userData(main, folder, 'payments-dev-cp-1').launch;
    const joining = userData(branch, folder, 'payments-dev-worker-3');
    expect(joining.launch.join).toEqual({
      url: `192.168.105.21:25000/${founder.persistentClusterToken}`,
      worker: true,
    });
    const record = parse(
      parse(branch[`${folder}/cluster-spec.yaml`]).data['cluster.yaml'],
    );
    expect(
      record.nodes
        .filter((n: any) => n.role === 'control-plane')
        .map((n: any) => n.addresses.vlan105),
    ).toContain(joining.launch.join.url.split(':')[0]);

    // the changed folder passes the real tools too
    expect(realToolChecks(branch, folder, joining.text)).toEqual({
      kustomize: realTool('kubectl') ? { code: 0, vms: 5 } : 'not installed',
      cloudInit: realTool('cloud-init') ? 0 : 'not installed',
    });

    // what the GitOps backend says about it
    expect(await pendingChange(portal, LENA, pull.number)).toMatchObject({
      kind: 'cluster',
      action: 'scale',
      target: 'payments-dev',
      requester: LENA,
    });

    // the same request again updates the same pull request
    const again = await completed(
      runTemplate(portal, LENA, 'nested-cluster-scale', {
        name: 'payments-dev',
        workerCount: 4,
      }),
    );
    expect(pullOf('gitops/cluster-dev-payments-dev--scale').number).toBe(
      pull.number,
    );
    expect(again.log).toMatch(/updated .*\/pull\/\d+/);
    expect(scaled.log).toMatch(/opened .*\/pull\/\d+/);

    // a request that matches the repository opens nothing
    const pullsBefore = repo().pulls().length;
    const same = await completed(
      runTemplate(portal, LENA, 'nested-cluster-scale', {
        name: 'payments-dev',
        workerCount: 2,
      }),
    );
    expect(same.log).toContain(
      'nothing to change: payments-dev already has 2 workers',
    );
    expect(repo().pulls()).toHaveLength(pullsBefore);

    // a stale form: the cluster changed since the form was opened
    const stale = await runTemplate(portal, LENA, 'nested-cluster-scale', {
      name: 'payments-dev',
      workerCount: 3,
      baseRevision: beforeCluster,
    });
    expect(stale.task.status).toBe('failed');
    expect(stale.log).toContain(
      'baseRevision: the dev cluster payments-dev changed since the form was opened',
    );

    // a cluster that is not there, and a worker count out of range
    const missing = await runTemplate(portal, LENA, 'nested-cluster-scale', {
      name: 'nope',
      workerCount: 3,
    });
    expect(missing.log).toContain(
      'name: no nested cluster named "nope" in the repository',
    );

    // the first step of a MicroK8s upgrade: a replacement worker, on an address no open pull request claims
    await completed(
      runTemplate(portal, LENA, 'nested-cluster-upgrade', {
        name: 'payments-dev',
        channel: '1.33/stable',
      }),
    );
    const upgrade = pullOf('gitops/cluster-dev-payments-dev--upgrade');
    expect(upgrade.title).toBe(
      'Nested cluster payments-dev (dev): MicroK8s 1.32/stable → 1.33/stable: adds payments-dev-worker-3 at 192.168.105.26 to replace payments-dev-worker-1 (2 more nodes to replace after this)',
    );
    const upgrading = await repo().readFiles(
      'gitops/cluster-dev-payments-dev--upgrade',
    );
    expect(
      userData(upgrading, folder, 'payments-dev-worker-3').config.snap
        .commands[0],
    ).toContain('--channel=1.33/stable');
    expect(upgrading[`${folder}/payments-dev-worker-1.yaml`]).toBe(
      main[`${folder}/payments-dev-worker-1.yaml`],
    );

    // the open scale pull request on the same cluster is named, with its link
    expect(upgrade.body).toContain(
      `**Other open pull requests change the same target:** [#${pull.number}](`,
    );

    // resizing the workers: only their VMs' cores and memory change, and the record
    await completed(
      runTemplate(portal, LENA, 'nested-cluster-resize', {
        name: 'payments-dev',
        role: 'worker',
        size: 'large',
      }),
    );
    const resize = pullOf('gitops/cluster-dev-payments-dev--resize');
    expect(resize.title).toBe(
      'Nested cluster payments-dev (dev): worker nodes 2 vCPU, 4 GiB, 40 GiB disk → 8 vCPU, 16 GiB, 100 GiB disk (large)',
    );
    expect(resize.body).toContain('RestartRequired');
    const resized = await repo().readFiles(
      'gitops/cluster-dev-payments-dev--resize',
    );
    expect(
      Object.keys({ ...main, ...resized })
        .filter(p => main[p] !== resized[p])
        .sort(),
    ).toEqual([
      `${folder}/cluster-spec.yaml`,
      `${folder}/payments-dev-worker-1.yaml`,
      `${folder}/payments-dev-worker-2.yaml`,
    ]);
    const documents = (text: string) => text.split('---\n');
    const [disk, sealed, vm] = documents(
      resized[`${folder}/payments-dev-worker-1.yaml`],
    );
    const [diskBefore, sealedBefore] = documents(
      main[`${folder}/payments-dev-worker-1.yaml`],
    );
    expect([disk, sealed]).toEqual([diskBefore, sealedBefore]);
    expect(parse(vm).spec.template.spec.domain).toMatchObject({
      cpu: { cores: 8 },
      memory: { guest: '16Gi' },
    });

    // removing is protected: not for the owners
    const retire = await runTemplate(portal, LENA, 'nested-cluster-retire', {
      name: 'payments-dev',
      confirm: 'payments-dev',
    });
    expect(retire.task.status).toBe('failed');
    expect(retire.log).toContain(
      'removing something from the platform is a protected change',
    );
  });

  // someone outside the owner group may not change it
  await withPortal([OMAR, 'group:default/cloud-engineers'], async portal => {
    await entityOwner(portal, 'payments-dev');
    const pulls = repo().pulls().length;
    const denied = await runTemplate(portal, OMAR, 'nested-cluster-scale', {
      name: 'payments-dev',
      workerCount: 5,
    });
    expect(denied.task.status).toBe('failed');
    expect(denied.log).toContain(
      'only the owners of resource:default/payments-dev (and the platform admin groups) may change it',
    );
    expect(repo().pulls()).toHaveLength(pulls);
  });

  // the platform team retires it: one pull request that removes everything the cluster had
  await withPortal(
    [PRIYA, 'group:default/platform-engineers'],
    async portal => {
      await completed(
        runTemplate(portal, PRIYA, 'nested-cluster-retire', {
          name: 'payments-dev',
          confirm: 'payments-dev',
        }),
      );
      const pull = pullOf('gitops/cluster-dev-payments-dev--retire');
      await merge(pull.number);
      const after = await repo().readFiles('main');
      expect(
        Object.keys(after).filter(p => p.includes('payments-dev')),
      ).toEqual([]);
      expect(
        Object.keys(after).filter(p => p.startsWith('clusters/allocations/')),
      ).toEqual([]);
      await waitFor('payments-dev to leave the catalog', async () => {
        const res = await fetch(
          `${portal.base}/api/catalog/entities/by-name/resource/default/payments-dev`,
          { headers: headers(PRIYA) },
        );
        return res.status === 404 ? true : undefined;
      });
    },
  );
});

it.each([
  ['the portal\u2019s first', 'alpha-dev'],
  ['the racing', 'racing'],
])(
  'two clusters requested before either is merged never share an address; a pull request that takes a taken address cannot merge (%s merged first)',
  async (_first, firstToMerge) => {
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      await createCluster(portal, 'alpha-dev', 1);
      await createCluster(portal, 'beta-dev', 1);
      const alpha = pullOf('gitops/cluster-dev-alpha-dev');
      const beta = pullOf('gitops/cluster-dev-beta-dev');
      const allocations = async (branch: string) =>
        Object.keys(await repo().readFiles(branch)).filter(p =>
          p.startsWith('clusters/allocations/'),
        );
      const alphaAddresses = await allocations('gitops/cluster-dev-alpha-dev');
      const betaAddresses = await allocations('gitops/cluster-dev-beta-dev');
      expect(alphaAddresses).toHaveLength(2);
      // beta counted alpha's open pull request
      expect(betaAddresses.filter(a => alphaAddresses.includes(a))).toEqual([]);

      // a writer that did not see alpha's pull request (another tool, or a hand edit) takes its first address
      const octokit = editor();
      const main = (await repo().headSha('main'))!;
      await octokit.git.createRef({
        owner: OWNER,
        repo: REPO,
        ref: 'refs/heads/racing',
        sha: main,
      });
      await pushCommit(octokit, {
        owner: OWNER,
        repo: REPO,
        branch: 'racing',
        message: 'racing cluster',
        files: {
          [alphaAddresses[0]]:
            'address: 192.168.105.21\nvlan: vlan105\ncluster: racing\nenvironment: dev\nnode: racing-cp-1\n',
        },
      });
      const { data: racing } = await octokit.pulls.create({
        owner: OWNER,
        repo: REPO,
        head: 'racing',
        base: 'main',
        title: 'A racing cluster',
      });

      /** Merges a portal pull request; one GitHub refuses (405) is requested again (which updates the same pull request) and merged. */
      const mergeOrRequestAgain = async (name: string, number: number) => {
        const refused = await merge(number).then(
          () => undefined,
          error => error,
        );
        if (!refused) return 'merged';
        if (refused.status !== 405) throw refused;
        await createCluster(portal, name, 1);
        const again = pullOf(`gitops/cluster-dev-${name}`).number;
        await merge(again);
        return again === number
          ? 'requested again, then merged'
          : `requested again as #${again}`;
      };
      const [first, second] =
        firstToMerge === 'racing'
          ? [racing.number, alpha.number]
          : [alpha.number, racing.number];
      await merge(first);
      // the second takes an address the first holds now: GitHub refuses it
      await expect(merge(second)).rejects.toMatchObject({ status: 405 });
      // a refused portal request is requested again (new addresses), then merges
      const alphaOutcome =
        firstToMerge === 'racing'
          ? await mergeOrRequestAgain('alpha-dev', alpha.number)
          : 'merged first';
      expect(alphaOutcome).toBe(
        firstToMerge === 'racing'
          ? 'requested again, then merged'
          : 'merged first',
      );
      // beta never took an address another request held (it may still need requesting again for CODEOWNERS)
      await mergeOrRequestAgain('beta-dev', beta.number);

      // main holds every address once
      const files = await repo().readFiles('main');
      const held = Object.entries(files).flatMap(([, content]) =>
        parseAllDocuments(content)
          .map(d => d.toJS())
          .filter(o => o?.kind === 'VirtualMachine')
          .flatMap(o =>
            Object.values(o.spec.template.metadata.annotations ?? {}),
          ),
      );
      expect(held).toHaveLength(4);
      expect(new Set(held).size).toBe(held.length);
      const claimed = Object.keys(files)
        .filter(p => p.startsWith('clusters/allocations/'))
        .map(p => p.replace(/^.*\/|\.yaml$/g, ''));
      expect(new Set(claimed).size).toBe(claimed.length);
      for (const address of held) expect(claimed).toContain(address);
    });
  },
);

it('a component changed by its owners, rolled back exactly, and removed by the platform team', async () => {
  const appFile = 'argocd/apps/applications/databases/postgres.yaml';
  const chartOf = (text: string) => {
    const app = parse(text);
    return app.spec.source ?? app.spec.sources.find((x: any) => x.chart);
  };
  await withPortal(
    [PRIYA, 'group:default/platform-engineers'],
    async portal => {
      await completed(
        runTemplate(portal, PRIYA, 'platform-component', {
          source: 'catalogue',
          component: 'postgres',
          owner: 'group:default/app-developers',
        }),
      );
      await merge(pullOf('gitops/component-applications-postgres').number);
    },
  );
  const created = (await repo().readFiles('main'))[appFile];
  await withPortal([LENA, 'group:default/app-developers'], async portal => {
    await waitFor('postgres in the catalog', async () => {
      const res = await fetch(
        `${portal.base}/api/catalog/entities/by-name/resource/default/postgres`,
        { headers: headers(LENA) },
      );
      return res.status === 200 ? true : undefined;
    });
    // a new chart version, as the owner team: one line of one file changes
    await completed(
      runTemplate(portal, LENA, 'platform-component-change', {
        name: 'postgres',
        chartVersion: '99.1.0',
      }),
    );
    const bump = pullOf('gitops/component-applications-postgres--change');
    expect(bump.title).toMatch(
      /^Component postgres \(applications\): chart \S+ \S+ → 99\.1\.0$/,
    );
    const main = await repo().readFiles('main');
    const branch = await repo().readFiles(
      'gitops/component-applications-postgres--change',
    );
    expect(
      Object.keys({ ...main, ...branch }).filter(p => main[p] !== branch[p]),
    ).toEqual([appFile]);
    const changedLines = (a: string, b: string) => {
      const x = a.split('\n');
      const y = b.split('\n');
      return x.filter((line, i) => line !== y[i]).length;
    };
    expect(changedLines(created, branch[appFile])).toBe(1);
    expect(chartOf(branch[appFile]).targetRevision).toBe('99.1.0');
    await merge(bump.number);

    // then a sync wave; now the version change cannot be rolled back alone
    await completed(
      runTemplate(portal, LENA, 'platform-component-change', {
        name: 'postgres',
        syncWave: 42,
      }),
    );
    const wave = pullOf('gitops/component-applications-postgres--change');
    expect(wave.number).not.toBe(bump.number);
    await merge(wave.number);
    const refused = await runTemplate(portal, LENA, 'change-revert', {
      pullRequest: bump.number,
    });
    expect(refused.task.status).toBe('failed');
    expect(refused.log).toContain(
      `pullRequest: ${appFile} changed after #${bump.number} was merged`,
    );

    // rolling back the sync wave restores the file exactly as it was before it
    const afterBump = branch[appFile];
    await completed(
      runTemplate(portal, LENA, 'change-revert', { pullRequest: wave.number }),
    );
    const revert = pullOf('gitops/component-applications-postgres--revert');
    expect(revert.title).toBe(
      `Component postgres (applications): rolls back #${wave.number}`,
    );
    const reverted = await repo().readFiles(
      'gitops/component-applications-postgres--revert',
    );
    expect(reverted[appFile]).toBe(afterBump);
    expect(revert.body).toContain(`Roll back [#${wave.number}]`);

    // a pull request the portal did not open is not rolled back
    const foreign = await runTemplate(portal, LENA, 'change-revert', {
      pullRequest: 999,
    });
    expect(foreign.log).toContain('pullRequest: #999 is not a pull request');

    // removing is protected
    const remove = await runTemplate(
      portal,
      LENA,
      'platform-component-remove',
      {
        name: 'postgres',
        confirm: 'postgres',
      },
    );
    expect(remove.log).toContain(
      'removing something from the platform is a protected change',
    );
  });
  await withPortal(
    [PRIYA, 'group:default/platform-engineers'],
    async portal => {
      await completed(
        runTemplate(portal, PRIYA, 'platform-component-remove', {
          name: 'postgres',
          confirm: 'postgres',
        }),
      );
      const removal = pullOf('gitops/component-applications-postgres--remove');
      const files = await repo().readFiles(
        'gitops/component-applications-postgres--remove',
      );
      expect(files[appFile]).toBeUndefined();
      expect(removal.body).toContain(
        'resources finalizer deletes everything it deployed',
      );
    },
  );
});
