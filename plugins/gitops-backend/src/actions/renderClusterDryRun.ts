import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  addressesInRepository,
  assertNewClusterName,
  nestedClusterFormInput,
  nestedClusterRequestFromForm,
  newClusterAllocationFiles,
  parseRequest,
  renderNestedCluster,
  requestZod,
  resolveNestedClusterRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  authorizeGitOpsChange,
  GitOpsRepositoryService,
  RepositorySnapshot,
  assertOwnerGroup,
} from '@proficientnow/backstage-plugin-gitops-node';
import { DryRunOutput, invalidRequest, renderedAnswer } from './dryRunOutput';
import { stringField } from './uncheckedInput';

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
  const { protected: protectedChange } = await authorizeGitOpsChange({
    permissions: deps.permissions,
    credentials,
    rules: config.protectedChanges,
    change: { environment, what: `a ${environment ?? 'new'} cluster` },
    namePermission: true,
  });
  const notes: string[] = [
    'addresses claimed by open pull requests are not reserved by a dry run; the real render skips them',
  ];
  try {
    const input = parseRequest(
      nestedClusterFormInput(requestZod, config.platform),
      withoutEmptyFields(request),
    );
    await assertOwnerGroup(deps.catalog, credentials, input.owner);
    const cluster = nestedClusterRequestFromForm(input);
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
    assertNewClusterName(config.layout, cluster.name, snapshot?.paths());
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
      extraFiles: newClusterAllocationFiles(config.layout, result),
      protectedChange,
      summary: `Nested cluster ${resolved.name} (${resolved.environment}): ${resolved.controlPlane.count} control plane + ${resolved.workers.count} workers`,
      entityRef: `resource:default/${resolved.name}`,
      notes,
    });
  } catch (error) {
    return invalidRequest(error, protectedChange, notes);
  }
}
