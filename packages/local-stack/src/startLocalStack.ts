import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  renderBootstrapTree,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { resolveGitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  CephLab,
  cephLabAvailable,
  CephLabPorts,
  startCephLab,
} from '@internal/test-support';
import {
  argoApplications as standinArgoApplications,
  platformCluster,
} from '@internal/kubernetes-standin';
import { CONTROL_USAGE, startControlServer } from './controlServer';
import { LOCAL_CLUSTERS, LocalFleet, startLocalFleet } from './localFleet';
import { localArgoApplications } from './localArgoApplications';
import { ensureSealingKeyPair } from './sealingKeyPair';
import { LocalOidc, startLocalOidc } from './localOidc';

/** The made-up GitHub host the local GitOps repository lives on; never resolved, only matched. */
export const LOCAL_GITHUB_HOST = 'github.local';
export const LOCAL_GITOPS_OWNER = 'proficientnow';
export const LOCAL_GITOPS_REPO = 'platform-gitops';
export const LOCAL_ALERTS_REPO = 'platform-alerts';

export interface LocalStackOptions {
  /** Folder for the stack's state and generated config (.local/stack). */
  dir: string;
  githubPort?: number;
  kubernetesPort?: number;
  controlPort?: number;
  /**
   * `auto` (default): a real single-node Ceph and Prometheus when Debian's
   * packages are installed, else the Ceph data comes from the stand-in's Rook
   * status. `off`: always the stand-in (faster starts).
   */
  ceph?: 'auto' | 'off';
  /** Ports of the real Ceph lab and Prometheus, when several stacks run at once. */
  cephPorts?: Partial<CephLabPorts>;
  /** Seconds between health collections. Default 10: quick to show a change locally. */
  healthFrequencySeconds?: number;
  /**
   * The portal backend's port on loopback: the GitHub stand-in delivers its
   * signed push webhooks there (`/api/events/http/github`), so a merge
   * reaches the catalog in seconds. Without it, polling only.
   */
  backendPort?: number;
  /**
   * Port for a local OpenID Connect provider standing in for Authentik
   * (needs backendPort): the portal then signs people in as the catalog's
   * example users instead of the guest. Off when not given.
   */
  oidcPort?: number;
  /** The User entities the identity provider's people come from; default catalog/org/users.yaml. */
  oidcUsersFile?: string;
  /**
   * How the portal authenticates to the GitHub stand-in: `token` (default) or
   * `app`, a GitHub App with a private key made per start, as production
   * should run (app-config.production.yaml).
   */
  githubAuth?: 'token' | 'app';
  log?: (line: string) => void;
}

export interface LocalStack {
  github: GitHubStandin;
  fleet: LocalFleet;
  /** The real Ceph lab, when one was started. */
  ceph?: CephLab;
  /** The loopback control API: make a stand-in cluster degrade. */
  controlUrl: string;
  /** app-config file that points the portal at the stand-ins. */
  configPath: string;
  /** The local identity provider, when oidcPort was given. */
  oidc?: LocalOidc;
  close(): Promise<void>;
}

/** A GitHub App for the stand-in: installed on the GitOps repository's owner, its key made per start. */
function localGitHubApp() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const appId = 1001;
  return {
    standin: {
      appId,
      slug: 'platform-portal',
      keyPem: publicKey,
      installations: [{ id: 2001, account: LOCAL_GITOPS_OWNER }],
    },
    integration: {
      appId,
      privateKey,
      clientId: 'Iv1.localplatformportal',
      clientSecret: randomBytes(20).toString('hex'),
      webhookSecret: randomBytes(20).toString('hex'),
    },
  };
}

/** The GitOps repository a newcomer starts from: our own bootstrap tree and a README. */
export function seedRepositoryFiles(): Record<string, string> {
  const layout = resolveGitOpsLayout({
    repoURL: `https://${LOCAL_GITHUB_HOST}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}.git`,
  });
  const files = Object.fromEntries(serializeFiles(renderBootstrapTree(layout)));
  files['README.md'] = [
    '# platform-gitops (local stand-in)',
    '',
    "The GitOps repository of the ProficientNow platform, as the portal's bootstrap",
    "generator writes it. This copy lives in the portal's local GitHub stand-in.",
    '',
  ].join('\n');
  files['.github/CODEOWNERS'] = '* @proficientnow/platform-engineers\n';
  return files;
}

/**
 * Starts the local stand-ins on loopback and writes the app-config that
 * points the portal at them. Everything lives under `dir`; a fresh start
 * seeds a fresh repository.
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  mkdirSync(options.dir, { recursive: true });
  const sealing = ensureSealingKeyPair(path.join(options.dir, 'sealing'));
  const token = `standin-${randomBytes(12).toString('hex')}`;
  const seed = seedRepositoryFiles();
  const app = options.githubAuth === 'app' ? localGitHubApp() : undefined;
  const github = await startGitHubStandin({
    ...(app ? { apps: [app.standin] } : {}),
    repos: [
      {
        owner: LOCAL_GITOPS_OWNER,
        name: LOCAL_GITOPS_REPO,
        files: seed,
      },
      // where a lasting critical condition opens an issue (infraHealth.alerts.issues)
      {
        owner: LOCAL_GITOPS_OWNER,
        name: LOCAL_ALERTS_REPO,
        files: {
          'README.md':
            '# platform-alerts (local stand-in)\n\nIssues the portal opens for lasting critical cluster conditions.\n',
        },
      },
    ],
    tokens: [{ token, login: 'platform-portal[bot]' }],
    host: '127.0.0.1',
    port: options.githubPort ?? 7701,
  });
  const log = options.log ?? (() => {});
  // GitHub's push webhook to the portal's events plugin, signed with a secret made per start
  const webhookSecret = randomBytes(24).toString('hex');
  if (options.backendPort) {
    github.addWebhook({
      url: `http://127.0.0.1:${options.backendPort}/api/events/http/github`,
      secret: webhookSecret,
    });
  }
  let ceph: CephLab | undefined;
  let cephNote: string;
  const wantCeph = (options.ceph ?? 'auto') === 'auto';
  if (wantCeph && cephLabAvailable()) {
    log('starting a real single-node Ceph and Prometheus (about 20 s)...');
  }
  // Argo CD on the platform cluster holds what the repository declares, but for
  // one Application not deployed and one created by hand (drift)
  const argoApplications = localArgoApplications(seed);
  const fleet = await startLocalFleet({
    kubernetesPort: options.kubernetesPort,
    realCeph: wantCeph && cephLabAvailable(),
    argoApplications,
  });
  if (wantCeph && cephLabAvailable()) {
    try {
      ceph = await startCephLab({
        // one lab per portal instance (.local/run/<instance>/stack): two stacks never stop each other's
        instance: `stack-${path
          .basename(path.dirname(path.resolve(options.dir)))
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 50)}`,
        ports: options.cephPorts,
        extraScrapeTargets: { 'cilium-agent': fleet.ciliumExporter.target },
      });
      cephNote =
        "The platform cluster's Ceph is a real single-node Ceph (Debian packages) read through a real Prometheus.";
    } catch (error) {
      log(
        `the real Ceph did not start, using the stand-in: ${
          (error as Error).message
        }`,
      );
      fleet.kubernetes.setObjects(
        'platform',
        platformCluster(undefined, { applications: argoApplications }),
      );
      cephNote = `Ceph data comes from the Kubernetes stand-in's Rook status: the real Ceph did not start (${
        (error as Error).message.split('\n')[0]
      }).`;
    }
  } else {
    cephNote = wantCeph
      ? "Ceph data comes from the Kubernetes stand-in's Rook status: install Debian's ceph-mon ceph-mgr ceph-osd ceph-common prometheus for a real one."
      : "Ceph data comes from the Kubernetes stand-in's Rook status (the real Ceph is switched off).";
  }
  const frequency = options.healthFrequencySeconds ?? 10;
  // Argo CD on the platform cluster follows the repository: a push to main
  // (a merged pull request) syncs every Application it declares to the new head
  let held = new Set(argoApplications.map(a => a.name));
  let syncing = Promise.resolve();
  const syncArgo = () => {
    syncing = syncing
      .then(async () => {
        const repo = github.repo(LOCAL_GITOPS_OWNER, LOCAL_GITOPS_REPO);
        const head = await repo.headSha('main');
        const specs = localArgoApplications(await repo.readFiles('main'), head);
        for (const application of standinArgoApplications(specs))
          fleet.kubernetes.upsert('platform', application as any);
        const now = new Set(specs.map(a => a.name));
        for (const gone of [...held].filter(name => !now.has(name)))
          fleet.kubernetes.remove(
            'platform',
            'argoproj.io/v1alpha1',
            'Application',
            'argocd',
            gone,
          );
        held = now;
        log(
          `local Argo CD synced ${specs.length} Applications to ${head?.slice(
            0,
            7,
          )}`,
        );
      })
      .catch(error =>
        log(`local Argo CD could not sync: ${(error as Error).message}`),
      );
  };
  const control = await startControlServer({
    fleet,
    onPush: syncArgo,
    installationTokens: () => github.installationTokens(),
    port: options.controlPort ?? 7703,
    requests: () => ({
      github: github.requestCounts(),
      kubernetes: Object.fromEntries(
        LOCAL_CLUSTERS.map(c => [
          c.name,
          fleet.kubernetes.requestCounts(c.name),
        ]),
      ),
    }),
    describe: () => ({
      kubernetes: fleet.kubernetes.url,
      clusters: LOCAL_CLUSTERS.map(c => c.name),
      ceph: ceph ? 'real' : 'stand-in',
      prometheus: ceph?.prometheusUrl,
      usage: CONTROL_USAGE,
    }),
  });
  if (options.oidcPort !== undefined && !options.backendPort) {
    throw new Error(
      'oidcPort: the local identity provider needs backendPort (it redirects to the portal backend)',
    );
  }
  const oidc =
    options.oidcPort !== undefined
      ? await startLocalOidc({
          dir: options.dir,
          port: options.oidcPort,
          backendPort: options.backendPort!,
          usersFile: options.oidcUsersFile,
        })
      : undefined;
  const config = {
    ...(oidc ? { auth: oidc.config.auth } : {}),
    integrations: {
      github: [
        {
          host: LOCAL_GITHUB_HOST,
          apiBaseUrl: github.url,
          ...(app ? { apps: [app.integration] } : { token }),
        },
      ],
    },
    gitops: {
      repository: {
        url: `https://${LOCAL_GITHUB_HOST}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}`,
      },
      sealing: { certificate: sealing.certificatePem },
      // nested clusters created locally can be scaled: their join tokens come from this key (one per start)
      nestedClusters: { joinTokenKey: randomBytes(32).toString('hex') },
      // pull requests opened locally carry a signed identity; a new key per start, like the repository
      changes: {
        signingKey: randomBytes(32).toString('hex'),
        // locally a pull request is opened and merged within a minute: read GitHub again after 5 s
        cacheTtl: { seconds: 5 },
      },
      // the stand-in has no secondary rate limit to respect
      github: { writeInterval: { milliseconds: 0 } },
      // locally a merge is applied by the local Argo CD within seconds: follow changes every 5 s
      tracking: {
        schedule: {
          frequency: 'PT5S',
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
        },
        stuckAfter: { minutes: 10 },
      },
      catalog: {
        // Git against what Argo CD holds on the platform cluster (read by infra-health)
        live: { cluster: 'platform' },
        // locally the repository and the cluster change by the minute; an ISO string, so it
        // replaces app-config's { minutes: 5 } instead of merging with it
        schedule: {
          frequency: 'PT30S',
          timeout: { minutes: 3 },
          initialDelay: { seconds: 5 },
        },
      },
    },
    ...(options.backendPort
      ? { events: { modules: { github: { webhookSecret } } } }
      : {}),
    infraHealth: {
      schedule: {
        frequency: { seconds: frequency },
        timeout: { seconds: 60 },
        initialDelay: { seconds: 1 },
      },
      sourceTimeout: { seconds: 3 },
      // told quickly locally: 15 s debounce, an issue after one critical minute
      alerts: {
        debounce: { seconds: 15 },
        issues: {
          repository: `https://${LOCAL_GITHUB_HOST}/${LOCAL_GITOPS_OWNER}/${LOCAL_ALERTS_REPO}`,
          after: { minutes: 1 },
        },
      },
      // the platform cluster serves cert-manager Certificates; the nested ones do not install it
      customResources: [
        {
          group: 'cert-manager.io',
          version: 'v1',
          plural: 'certificates',
          kind: 'Certificate',
          title: 'Certificates',
        },
      ],
      clusters: LOCAL_CLUSTERS.map(cluster => ({
        name: cluster.name,
        environment: cluster.environment,
        url: fleet.kubernetes.clusterUrl(cluster.name),
        token: fleet.tokens[cluster.name],
        ...(ceph
          ? {
              prometheus: {
                url: ceph.prometheusUrl,
                // the real Ceph stands in for the platform cluster's; the nested clusters' Ceph is Rook's status
                ceph: cluster.name === 'platform',
                cephSelector: { job: 'ceph' },
                ciliumSelector: { cluster: cluster.name },
              },
            }
          : {}),
      })),
      // the GitOps repository names nested clusters too; locally only these three are served
      catalog: { enabled: false },
    },
    portal: {
      ...(oidc ? { signIn: { providers: ['authentik'] } } : {}),
      localStack: {
        enabled: true,
        github: `${github.url}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}`,
        control: control.url,
        ceph: ceph ? 'real' : 'stand-in',
        cephNote,
      },
    },
  };
  github.addWebhook({
    url: `${control.url}/github/push`,
    secret: randomBytes(16).toString('hex'),
    repository: `${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}`,
  });
  // the stand-in's own token, for tools and tests that read it (the portal may run as an App)
  writeFileSync(path.join(options.dir, 'github-standin-token'), `${token}\n`, {
    mode: 0o600,
  });
  const configPath = path.join(options.dir, 'app-config.stack.yaml');
  writeFileSync(
    configPath,
    `# Written by ./portal start for the local stand-ins; regenerated on every start.\n${stringify(
      config,
      { lineWidth: 0 },
    )}`,
    { mode: 0o600 },
  );
  return {
    github,
    fleet,
    ceph,
    controlUrl: control.url,
    configPath,
    oidc,
    close: async () => {
      await Promise.all([
        github.close(),
        fleet.close(),
        control.close(),
        oidc?.provider.close(),
      ]);
      await ceph?.stop();
    },
  };
}
