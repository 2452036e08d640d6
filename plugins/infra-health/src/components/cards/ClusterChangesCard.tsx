import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ClusterState, NodeGroupState } from '../../api';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { Fact } from './CardSection';
import { ChangesCard, OfferedChange } from './ChangesCard';

/** The day-2 templates of a nested cluster, in the order the card offers them. */
export const CLUSTER_CHANGES: ReadonlyArray<OfferedChange<ClusterState>> = [
  {
    template: 'nested-cluster-scale',
    label: 'Scale workers',
    formData: state => ({
      name: state.name,
      workerCount: state.workers.count,
      baseRevision: state.revision,
    }),
  },
  {
    template: 'nested-cluster-resize',
    label: 'Resize nodes',
    formData: state => ({
      name: state.name,
      role: 'worker',
      size: state.workers.sizeName,
      baseRevision: state.revision,
    }),
  },
  {
    template: 'nested-cluster-upgrade',
    label: 'Upgrade MicroK8s',
    formData: state => ({
      name: state.name,
      channel: state.channel,
      baseRevision: state.revision,
    }),
  },
  {
    template: 'nested-cluster-retire',
    label: 'Retire cluster',
    formData: state => ({ name: state.name, baseRevision: state.revision }),
  },
];

function size(group: NodeGroupState): string {
  return `${group.count} × ${group.sizeName} (${group.cpu} vCPU, ${group.memoryGiB} GiB, ${group.diskGiB} GiB disk)`;
}

/** A nested cluster as the repository records it, and Scale, Resize and Retire. */
export function ClusterChangesCard() {
  const { entity } = useEntity();
  const name = entity.metadata.name;
  const api = useApi(infraHealthApiRef);
  return (
    <ChangesCard
      title="Change this cluster"
      load={() => api.getClusterState(name)}
      deps={[api, name]}
      loadingLabel="Reading the cluster from the repository…"
      notRecorded={`${name} is not recorded in the GitOps repository as a nested cluster the portal can change.`}
      changes={CLUSTER_CHANGES}
      facts={cluster => (
        <>
          <Fact label="Control plane">{size(cluster.controlPlane)}</Fact>
          <Fact label="Workers">{size(cluster.workers)}</Fact>
          <Fact label="MicroK8s">{cluster.channel}</Fact>
          {cluster.apiAddress ? (
            <Fact label="API address">{`${cluster.apiAddress} (held by the control planes)`}</Fact>
          ) : null}
          <Fact label="Recorded at">
            {`${cluster.folder} @ ${cluster.revision.slice(0, 12)}`}
          </Fact>
        </>
      )}
    />
  );
}
