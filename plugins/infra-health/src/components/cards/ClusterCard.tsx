import { Flex } from '@backstage/ui';
import { detailNumber, detailStrings } from '../../health/details';
import { CheckList } from '../CheckList';
import { CardSection, Fact } from './CardSection';
import { CustomResourcesSection } from './CustomResourcesSection';
import { HealthCardContent, healthCard } from './HealthCardFrame';

/** Node conditions that each become a check of their own (`nodes.DiskPressure` ...). */
const PRESSURE_CHECK =
  /^nodes\.(MemoryPressure|DiskPressure|PIDPressure|NetworkUnavailable)$/;

/** Names under a label, or nothing when there are none. */
function NamedList(props: { label: string; names: string[] }) {
  if (!props.names.length) return null;
  return <Fact label={props.label}>{props.names.join(', ')}</Fact>;
}

function ClusterBody({ cluster, checks, check }: HealthCardContent) {
  const nodes = check('nodes.ready');
  const pressure = checks.filter(c => PRESSURE_CHECK.test(c.id));
  const readyz = check('controlPlane.readyz');
  const apps = check('argocd.applications');
  const vms = check('kubevirt.vms');
  const total = detailNumber(nodes, 'total');
  const appCount = detailNumber(apps, 'total');
  const vmCount = detailNumber(vms, 'total');
  const versions = detailStrings(nodes, 'versions');
  return (
    <Flex direction="column" gap="3">
      <CardSection title="Nodes" check={nodes}>
        {total !== undefined ? (
          <>
            <Fact label="Ready">{`${
              detailNumber(nodes, 'ready') ?? '?'
            } of ${total}`}</Fact>
            <NamedList
              label="Not Ready"
              names={detailStrings(nodes, 'notReady')}
            />
            {versions.length ? (
              <Fact label="Kubelet">{versions.join(', ')}</Fact>
            ) : null}
          </>
        ) : undefined}
        {pressure.length ? (
          <CheckList checks={pressure} label="Node pressure" />
        ) : null}
      </CardSection>
      <CardSection title="Control plane" check={readyz}>
        {detailStrings(readyz, 'failing').length ? (
          <>
            <Fact label="API server">{readyz?.reason}</Fact>
            <NamedList
              label="Failing readyz checks"
              names={detailStrings(readyz, 'failing')}
            />
          </>
        ) : undefined}
      </CardSection>
      <CardSection title="Argo CD" check={apps}>
        {appCount !== undefined ? (
          <>
            <Fact label="Applications">{String(appCount)}</Fact>
            <NamedList
              label="Degraded"
              names={detailStrings(apps, 'degraded')}
            />
            <NamedList
              label="Out of sync"
              names={detailStrings(apps, 'outOfSync')}
            />
            <NamedList label="Missing" names={detailStrings(apps, 'missing')} />
            <NamedList
              label="Health unknown"
              names={detailStrings(apps, 'unknown')}
            />
          </>
        ) : undefined}
      </CardSection>
      <CardSection title="VMs of nested clusters" check={vms}>
        {vmCount !== undefined ? (
          <>
            <Fact label="VirtualMachines">{String(vmCount)}</Fact>
            <NamedList label="Failing" names={detailStrings(vms, 'failed')} />
            <NamedList
              label="Not ready"
              names={detailStrings(vms, 'notReady')}
            />
          </>
        ) : undefined}
      </CardSection>
      <CustomResourcesSection
        health={cluster.subsystems.find(s => s.subsystem === 'customResources')}
      />
    </Flex>
  );
}

/** The entity's cluster as a whole: nodes, control plane, Argo CD Applications, nested-cluster VMs, configured custom resources. */
export const ClusterCard = healthCard({
  title: 'Cluster health',
  configureHint:
    "Cluster health comes from the cluster's Kubernetes API; configure its API server and credentials in infraHealth.clusters.",
  Body: ClusterBody,
});
