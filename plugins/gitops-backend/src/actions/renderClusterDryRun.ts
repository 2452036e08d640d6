import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  addressesInRepository,
  candidateClusterFolders,
  NestedClusterPlatform,
  nestedClusterFields,
  NestedClusterRequest,
  nodeAllocationFiles,
  parseRequest,
  renderNestedCluster,
  RequestValidationError,
  requestZod,
  resolveNestedClusterRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  GitOpsRepositoryService,
  RepositorySnapshot,
} from '@proficientnow/backstage-plugin-gitops-node';
import { authorizeNewChange } from './authorizeNewChange';
import {
  DryRunOutput,
  invalidRequest,
  renderedAnswer,
  Zod,
} from './dryRunOutput';
import { assertOwnerGroupExists } from './ownerGroup';
import { stringField } from './uncheckedInput';

/**
 * The nested-cluster request as gitops:cluster:render takes it (the form's
 * fields, flat, each with the rule the request gives it; the same field
 * builders), without the workspace folder a dry run does not write to.
 */
export function clusterRequestInput(z: Zod, platform: NestedClusterPlatform) {
  const f = nestedClusterFields(z, platform);
  return z.object({
    name: f.name,
    environment: f.environment,
    owner: f.owner,
    controlPlaneCount: f.controlPlaneCount,
    controlPlaneSize: f.sizeName().default('medium'),
    workerCount: f.workerCount,
    workerSize: f.sizeName().default('medium'),
    channel: f.channel,
    addons: f.addons,
    storageClass: f.storageClass,
    vlans: f.vlans,
    sshPublicKeys: f.sshPublicKeys,
    extraSANs: f.extraSANs,
    hostSpread: f.hostSpread,
  });
}

/** Drops fields sent empty ('' or null), so the request's own rules say what is missing. */
function withoutEmptyFields(request: unknown): unknown {
  if (typeof request !== 'object' || request === null) return request;
  return Object.fromEntries(
    Object.entries(request).filter(([, v]) => v !== '' && v !== null),
  );
}

export interface DryRunDeps {
  gitops: GitOpsRepositoryService;
  permissions: PermissionsService;
  catalog: CatalogService;
}

/**
 * What gitops:cluster:render would put into the pull request for this
 * request, rendered and validated by the same generators and with the same
 * permission rule, read against the repository's base branch; nothing is
 * written, committed or opened.
 */
export async function renderClusterDryRun(
  deps: DryRunDeps,
  request: unknown,
  credentials: BackstageCredentials,
): Promise<DryRunOutput> {
  const { config } = deps.gitops;
  const environment = stringField(request, 'environment');
  const { protected: protectedChange } = await authorizeNewChange({
    permissions: deps.permissions,
    credentials,
    rules: config.protectedChanges,
    change: { environment, what: `a ${environment ?? 'new'} cluster` },
  });
  const notes: string[] = [
    'addresses claimed by open pull requests are not reserved by a dry run; the real render skips them',
  ];
  try {
    const input = parseRequest(
      clusterRequestInput(requestZod, config.platform),
      withoutEmptyFields(request),
    );
    await assertOwnerGroupExists(deps.catalog, credentials, input.owner);
    const cluster: NestedClusterRequest = {
      name: input.name,
      environment: input.environment,
      owner: input.owner,
      controlPlane: {
        count: input.controlPlaneCount,
        size: input.controlPlaneSize,
      },
      workers: { count: input.workerCount, size: input.workerSize },
      channel: input.channel,
      addons: input.addons,
      storageClass: input.storageClass,
      vlans: input.vlans,
      sshPublicKeys: input.sshPublicKeys,
      extraSANs: input.extraSANs,
      hostSpread: input.hostSpread,
    };
    // the rules across fields (prod needs three control planes, VLANs from the plan)
    resolveNestedClusterRequest(cluster, config.platform);
    if (!config.sealingCertificatePem)
      throw new ServiceUnavailableError(
        'gitops.sealing.certificate is not configured: the join token cannot be sealed, so no cluster can be rendered',
      );

    let snapshot: RepositorySnapshot | undefined;
    try {
      snapshot = await deps.gitops.reader().snapshot();
    } catch (error) {
      notes.push(
        `could not read ${config.repository.url} (${
          (error as Error).message
        }): addresses are allocated as if the repository had no clusters`,
      );
    }
    const existing = candidateClusterFolders(config.layout, cluster.name).find(
      folder => snapshot?.paths().some(p => p.startsWith(`${folder}/`)),
    );
    if (existing)
      throw new RequestValidationError([
        {
          field: 'name',
          rule: `a cluster named ${cluster.name} already exists (${existing}): change it with the Scale, Resize or Retire templates`,
        },
      ]);
    const result = await renderNestedCluster(cluster, {
      layout: config.layout,
      sealingCertificatePem: config.sealingCertificatePem,
      platform: config.platform,
      image: config.image,
      takenAddresses: snapshot
        ? addressesInRepository(
            config.layout.clustersPath,
            snapshot.paths(),
            p => snapshot!.text(p),
          )
        : [],
      joinTokenKey: config.joinTokenKey,
    });
    const resolved = result.cluster;
    return renderedAnswer({
      rendered: result,
      extraFiles: nodeAllocationFiles(config.layout, resolved, [
        ...result.nodes,
        // the API's virtual IP is held like a node's address
        ...(result.apiVip
          ? [
              {
                name: `${resolved.name}-api`,
                addresses: { [resolved.nodeVlan.name]: result.apiVip },
              },
            ]
          : []),
      ]),
      protectedChange,
      summary: `Nested cluster ${resolved.name} (${resolved.environment}): ${resolved.controlPlane.count} control plane + ${resolved.workers.count} workers`,
      entityRef: `resource:default/${resolved.name}`,
      notes,
    });
  } catch (error) {
    return invalidRequest(error, protectedChange, notes);
  }
}
