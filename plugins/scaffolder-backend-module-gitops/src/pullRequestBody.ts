import {
  NestedClusterRenderResult,
  PortalDeploymentRenderResult,
  ResolvedComponent,
  ValidationReport,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { Approvers } from './reviewers';

/** Another open portal pull request on the same target, to mention. */
export interface OpenChangeLink {
  number: number;
  url: string;
  action: string;
}

function cell(value: string | number): string {
  return String(value)
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map(row => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

function validationSection(
  report: ValidationReport,
  extra: string[] = [],
): string {
  const { checked } = report;
  const lines = [
    `- ${checked.files} files, ${
      checked.manifests
    } objects checked in strict mode against the upstream schema of their kind (CRDs and OpenAPI definitions kept in plugins/gitops-manifests-node/schemas): ${
      report.errors.length === 0
        ? 'no problems'
        : `${report.errors.length} problems`
    }`,
  ];
  if (checked.cloudConfigs)
    lines.push(
      `- ${checked.cloudConfigs} cloud-init user-data documents against the cloud-init cloud-config schema`,
    );
  if (checked.launchConfigs)
    lines.push(
      `- ${checked.launchConfigs} MicroK8s launch configurations against the launch configuration schema`,
    );
  if (checked.networkConfigs)
    lines.push(
      `- ${checked.networkConfigs} network configurations against the cloud-init network-config v2 schema`,
    );
  return [...lines, ...extra.map(e => `- ${e}`)].join('\n');
}

function approversSection(
  approvers: Approvers,
  protectedChange: boolean,
  reason?: string,
): string {
  if (approvers.handles.length === 0) {
    return 'No GitHub team is set on the owner group (annotation `github.com/team-slug`); a maintainer of the repository must approve.';
  }
  return `${approvers.handles.join(' and ')}${
    protectedChange
      ? ` (${
          reason ?? 'a protected change'
        }: the platform team must approve too)`
      : ''
  }. Merging is the approval: Argo CD applies the change.`;
}

function filesSection(paths: string[], deletions: string[] = []): string {
  const list = [
    ...paths.map(p => `- \`${p}\``),
    ...deletions.map(p => `- \`${p}\` (deleted)`),
  ];
  return `<details><summary>${paths.length} files written${
    deletions.length ? `, ${deletions.length} deleted` : ''
  }</summary>\n\n${list.join('\n')}\n\n</details>`;
}

/** What every portal pull request ends with: its files, what was validated, who must approve. (Who asked is added by gitops:pull-request:open, from the task's user.) */
function reviewSections(options: {
  paths: string[];
  deletions?: string[];
  report: ValidationReport;
  checks?: string[];
  approvers: Approvers;
  protectedChange: boolean;
  protectedReason: string;
}): string {
  return [
    filesSection(options.paths, options.deletions),
    '',
    '## What was validated',
    '',
    validationSection(options.report, options.checks),
    '',
    '## Who must approve',
    '',
    approversSection(
      options.approvers,
      options.protectedChange,
      options.protectedReason,
    ),
  ].join('\n');
}

export function clusterPullRequestBody(options: {
  result: NestedClusterRenderResult;
  report: ValidationReport;
  approvers: Approvers;
  protectedChange: boolean;
  paths: string[];
}): string {
  const { result } = options;
  const { cluster } = result;
  const vlanNames = cluster.vlans.map(v => v.name);
  const rows = result.nodes.map(node => [
    node.name,
    node.role,
    node.size.cpu,
    `${node.size.memoryGiB} GiB`,
    `${node.size.diskGiB} GiB`,
    ...vlanNames.map(name => node.addresses[name]),
  ]);
  return [
    '## What changes',
    '',
    `New nested cluster **${cluster.name}** in the **${cluster.environment}** environment, owned by \`${cluster.owner}\`: ${cluster.controlPlane.count} control-plane and ${cluster.workers.count} worker nodes on KubeVirt, MicroK8s \`${cluster.channel}\`.`,
    '',
    table(
      [
        'node',
        'role',
        'vCPU',
        'memory',
        'disk',
        ...vlanNames.map(n => `${n} address`),
      ],
      rows,
    ),
    '',
    table(
      ['cluster', 'environment', 'API server', 'storage class', 'addons'],
      [
        [
          cluster.name,
          cluster.environment,
          `${result.apiServer} (${result.apiServerAddress})`,
          cluster.storageClass,
          cluster.addons.join(', '),
        ],
      ],
    ),
    '',
    reviewSections({
      paths: options.paths,
      report: options.report,
      checks: [
        'node addresses allocated from the VLAN subnets, skipping the gateway, the reserved ranges, every address the repository holds and every address an open pull request claims; one file per address under `allocations/`, so two pull requests that take one address conflict',
        "the join token and the cloud-init user-data are sealed for this cluster's namespace (SealedSecret, strict scope); no secret is in the files in plaintext",
      ],
      approvers: options.approvers,
      protectedChange: options.protectedChange,
      protectedReason: `${cluster.environment} is a protected environment`,
    }),
  ].join('\n');
}

export function componentPullRequestBody(options: {
  component: ResolvedComponent;
  report: ValidationReport;
  approvers: Approvers;
  protectedChange: boolean;
  paths: string[];
}): string {
  const { component } = options;
  const sources = component.sources.map(source =>
    source.type === 'helm'
      ? `Helm chart \`${source.chart}\` ${source.version} from ${source.repoURL}`
      : `${source.type} path \`${source.path}\``,
  );
  return [
    '## What changes',
    '',
    `Platform component **${component.name}** in the **${component.domain}** domain (group ${component.group}), owned by \`${component.owner}\`.`,
    '',
    table(
      ['application', 'domain', 'group', 'namespace', 'sync wave', 'sources'],
      [
        [
          component.name,
          component.domain,
          component.group,
          component.namespace,
          component.syncWave,
          sources.join('; '),
        ],
      ],
    ),
    '',
    component.dependsOn.length
      ? `Depends on: ${component.dependsOn.join(', ')}.`
      : '',
    '',
    reviewSections({
      paths: options.paths,
      report: options.report,
      checks: ['every source repository is allowed by the domain AppProject'],
      approvers: options.approvers,
      protectedChange: options.protectedChange,
      protectedReason: `the ${component.domain} domain is protected`,
    }),
  ].join('\n');
}

export function bootstrapPullRequestBody(options: {
  report: ValidationReport;
  paths: string[];
  componentCount: number;
  approvers: Approvers;
}): string {
  return [
    '## What changes',
    '',
    `The whole app-of-apps tree: root, argocd-self, platform-root, the four domain roots with their AppProjects, ${options.componentCount} component Applications and the nested-cluster VLAN networks.`,
    '',
    'After merging, bootstrap Argo CD once with `kubectl apply -n argocd -f argocd/root/root.yaml`; from then on the root keeps itself and everything under it in sync.',
    '',
    reviewSections({
      paths: options.paths,
      report: options.report,
      approvers: options.approvers,
      protectedChange: true,
      protectedReason: 'the bootstrap tree changes infrastructure',
    }),
  ].join('\n');
}

/** The portal's database in words, without the password. */
function portalDatabase(result: PortalDeploymentRenderResult): string {
  const { database } = result.portal;
  if (database.mode === 'cloudnative-pg') {
    return `CloudNativePG cluster \`${result.names.databaseCluster}\`: ${database.instances} instances of ${database.size} on ${database.storageClass}`;
  }
  const password = database.passwordSecret
    ? `password from the Secret \`${database.passwordSecret.name}\` (key \`${database.passwordSecret.key}\`)`
    : 'password sealed';
  return `existing PostgreSQL \`${database.user}@${database.host}:${database.port}/${database.database}\`, ${password}`;
}

export function portalPullRequestBody(options: {
  result: PortalDeploymentRenderResult;
  report: ValidationReport;
  approvers: Approvers;
  protectedChange: boolean;
  paths: string[];
  domain: string;
}): string {
  const { result } = options;
  const { portal, names } = result;
  const github =
    portal.github.mode === 'app'
      ? `GitHub App ${portal.github.appId} (client id \`${portal.github.clientId}\`)`
      : 'a personal access token';
  // names of the sealed variables only; the values never leave the SealedSecret
  const sealed = result.sealedPlaintexts.map(s => `\`${s.key}\``);
  return [
    '## What changes',
    '',
    `The portal itself (\`${result.folder}\`, the ${options.domain} component \`platform-portal\`) at **https://${portal.hostname}**, owned by \`${portal.owner}\`.`,
    '',
    table(
      ['setting', 'value'],
      [
        ['image', portal.image],
        ['replicas', portal.replicas],
        ['namespace', portal.namespace],
        [
          'TLS certificate',
          `${portal.certificateIssuer.kind} ${portal.certificateIssuer.name} (cert-manager), Secret ${names.tlsSecret}`,
        ],
        ['ingress class', portal.ingressClassName],
        ['database', portalDatabase(result)],
        [
          'sign-in',
          `OIDC client \`${portal.oidc.clientId}\` at ${portal.oidc.metadataUrl}`,
        ],
        ['GitHub', github],
        [
          'resources',
          `requests ${portal.resources.requests.cpu} CPU / ${portal.resources.requests.memory}, limits ${portal.resources.limits.cpu} CPU / ${portal.resources.limits.memory}`,
        ],
      ],
    ),
    '',
    `Sealed into \`SealedSecret ${names.sealedSecret}\` (namespace ${
      portal.namespace
    }, strict scope): ${sealed.join(', ')}.`,
    '',
    portal.database.mode === 'cloudnative-pg'
      ? 'The CloudNativePG operator (component `postgres`) must already run on the platform cluster.'
      : '',
    '',
    reviewSections({
      paths: options.paths,
      report: options.report,
      checks: [
        'the request, field by field: an image pinned by tag or digest (never latest), at least 2 replicas, https URLs, key lengths',
        "every secret value is sealed against the sealed-secrets controller's certificate; none is in the files, the app-config or this description in clear",
      ],
      approvers: options.approvers,
      protectedChange: options.protectedChange,
      protectedReason: `the ${options.domain} domain is protected`,
    }),
  ].join('\n');
}

/**
 * A change to something that exists: the change in words, what each file
 * does, what a merge does step by step, and the open pull requests on the
 * same target.
 */
export function dayTwoPullRequestBody(options: {
  headline: string;
  summary: string;
  notes: Array<{ path: string; change: string; why: string }>;
  onMerge: string[];
  otherOpen: OpenChangeLink[];
  baseRevision: string;
  report: ValidationReport;
  approvers: Approvers;
  protectedChange: boolean;
  protectedReason: string;
  paths: string[];
  deletions: string[];
}): string {
  return [
    '## What changes',
    '',
    `${options.headline}: ${options.summary}.`,
    '',
    `Read from the repository at \`${options.baseRevision.slice(
      0,
      12,
    )}\`, not from the form.`,
    '',
    table(
      ['file', 'change', 'what it does'],
      options.notes.map(n => [`\`${n.path}\``, n.change, n.why]),
    ),
    '',
    '## What a merge does',
    '',
    ...options.onMerge.map((step, i) => `${i + 1}. ${step}`),
    '',
    ...(options.otherOpen.length
      ? [
          `**Other open pull requests change the same target:** ${options.otherOpen
            .map(o => `[#${o.number}](${o.url}) (${o.action})`)
            .join(
              ', ',
            )}. Merge one at a time; the later one may need to be requested again.`,
          '',
        ]
      : []),
    reviewSections({
      paths: options.paths,
      deletions: options.deletions,
      report: options.report,
      checks: [
        'the current state read from the repository and checked like a new request',
      ],
      approvers: options.approvers,
      protectedChange: options.protectedChange,
      protectedReason: options.protectedReason,
    }),
  ].join('\n');
}
