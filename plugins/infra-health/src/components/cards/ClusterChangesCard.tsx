import { ResponseError } from '@backstage/errors';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import type { ReactNode } from 'react';
import type { ClusterState, NodeGroupState } from '../../api';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { createTemplateRouteRef } from '../../routes';
import { LoadErrorPanel, LoadingPanel } from '../StatePanels';
import { Fact } from './CardSection';

/** The day-2 templates, in the order the card offers them. */
export const CLUSTER_CHANGES = [
  {
    template: 'nested-cluster-scale',
    label: 'Scale workers',
    formData: (state: ClusterState) => ({
      name: state.name,
      workerCount: state.workers.count,
      baseRevision: state.revision,
    }),
  },
  {
    template: 'nested-cluster-resize',
    label: 'Resize nodes',
    formData: (state: ClusterState) => ({
      name: state.name,
      role: 'worker',
      size: state.workers.sizeName,
      baseRevision: state.revision,
    }),
  },
  {
    template: 'nested-cluster-retire',
    label: 'Retire cluster',
    formData: (state: ClusterState) => ({
      name: state.name,
      baseRevision: state.revision,
    }),
  },
] as const;

const REFRESH_MS = 60_000;

function size(group: NodeGroupState): string {
  return `${group.count} × ${group.sizeName} (${group.cpu} vCPU, ${group.memoryGiB} GiB, ${group.diskGiB} GiB disk)`;
}

/**
 * A nested cluster as the GitOps repository records it, and the changes
 * that apply to it: each opens its template with the form filled in from
 * the repository (and the commit it was read at, so a change prepared
 * against an older state is refused). Every change is a pull request.
 */
export function ClusterChangesCard() {
  const { entity } = useEntity();
  const name = entity.metadata.name;
  const api = useApi(infraHealthApiRef);
  const templateLink = useRouteRef(createTemplateRouteRef);
  const state = usePolledValue(
    () => api.getClusterState(name),
    { intervalMs: REFRESH_MS },
    [api, name],
  );

  let body: ReactNode;
  if (state.loading) {
    body = (
      <LoadingPanel label="Reading the cluster from the repository…" rows={2} />
    );
  } else if (!state.value) {
    const error = state.error ?? new Error('no answer from the GitOps backend');
    body =
      error instanceof ResponseError && error.response.status === 404 ? (
        <Text as="p" variant="body-small">
          {`${name} is not recorded in the GitOps repository as a nested cluster the portal can change.`}
        </Text>
      ) : (
        <LoadErrorPanel
          title="The cluster could not be read from the repository"
          error={error}
          onRetry={state.retry}
        />
      );
  } else {
    const cluster = state.value;
    body = (
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Fact label="Control plane">{size(cluster.controlPlane)}</Fact>
          <Fact label="Workers">{size(cluster.workers)}</Fact>
          <Fact label="MicroK8s">{cluster.channel}</Fact>
          {cluster.apiAddress ? (
            <Fact label="API address">{`${cluster.apiAddress} (held by the control planes)`}</Fact>
          ) : null}
          <Fact label="Recorded at">
            {`${cluster.folder} @ ${cluster.revision.slice(0, 12)}`}
          </Fact>
        </Flex>
        {templateLink ? (
          <Flex gap="2">
            {CLUSTER_CHANGES.map(change => (
              <ButtonLink
                key={change.template}
                variant="secondary"
                size="small"
                href={`${templateLink({
                  namespace: 'default',
                  templateName: change.template,
                })}?formData=${encodeURIComponent(
                  JSON.stringify(change.formData(cluster)),
                )}`}
              >
                {change.label}
              </ButtonLink>
            ))}
          </Flex>
        ) : (
          <Text as="p" variant="body-small">
            The scaffolder is not installed in this portal: the change templates
            cannot be opened from here.
          </Text>
        )}
        <Text as="p" variant="body-small">
          Each change opens a pull request on the GitOps repository; merging it
          is the approval.
        </Text>
      </Flex>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-x-small">
          Change this cluster
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
