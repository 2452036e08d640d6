import { Flex, Text } from '@backstage/ui';
import { unconfiguredSources } from '../../health/coverage';
import {
  detailCounts,
  detailNumber,
  detailStrings,
} from '../../health/details';
import {
  CardSection,
  Fact,
  MetricsSourceNote,
  SmallTable,
} from './CardSection';
import { HealthCardContent, healthCard } from './HealthCardFrame';

/** Checks that only cilium-agent metrics (Prometheus) can answer. */
const FROM_METRICS = [
  'cilium.unreachableNodes',
  'cilium.unreachableHealthEndpoints',
  'cilium.drops',
  'cilium.endpoints',
  'cilium.policyImportErrors',
];

function perSecond(value: number): string {
  let digits = 0;
  if (value < 100) digits = 1;
  if (value < 10) digits = 2;
  return `${value.toFixed(digits)}/s`;
}

function CiliumBody({ cluster, check }: HealthCardContent) {
  const agents = check('cilium.agents');
  const operator = check('cilium.operator');
  const nodes = check('cilium.nodes');
  const unreachableNodes = check('cilium.unreachableNodes');
  const unreachableEndpoints = check('cilium.unreachableHealthEndpoints');
  const drops = check('cilium.drops');
  const endpoints = check('cilium.endpoints');
  const policy = check('cilium.policyImportErrors');
  const missingNodes = detailStrings(nodes, 'missing');
  const dropReasons = detailCounts(drops, 'perSecondByReason');
  const endpointStates = detailCounts(endpoints, 'states');
  const desired = detailNumber(agents, 'desired');
  const unavailable = detailNumber(agents, 'unavailable');
  const prometheus = unconfiguredSources(cluster).find(
    s => s.source === 'prometheus',
  );
  const metricsMissing = FROM_METRICS.every(id => !check(id));
  return (
    <Flex direction="column" gap="3">
      <CardSection title="Agents" check={agents}>
        {desired !== undefined ? (
          <Fact label="Ready">
            {`${detailNumber(agents, 'ready') ?? '?'} of ${desired}`}
            {unavailable ? ` (${unavailable} unavailable)` : ''}
          </Fact>
        ) : undefined}
      </CardSection>
      <CardSection title="Operator" check={operator}>
        {detailNumber(operator, 'wanted') !== undefined ? (
          <Fact label="Available">
            {`${detailNumber(operator, 'available') ?? '?'} of ${detailNumber(
              operator,
              'wanted',
            )}`}
          </Fact>
        ) : undefined}
      </CardSection>
      <CardSection title="Nodes without a CiliumNode" check={nodes}>
        <Text as="p" variant="body-small">
          {missingNodes.length ? missingNodes.join(', ') : 'none'}
        </Text>
      </CardSection>
      <CardSection title="Unreachable nodes" check={unreachableNodes}>
        <Fact label="Nodes other agents cannot reach">
          {String(detailNumber(unreachableNodes, 'unreachable') ?? '?')}
        </Fact>
      </CardSection>
      <CardSection
        title="Unreachable health endpoints"
        check={unreachableEndpoints}
      >
        <Fact label="Health endpoints not answering">
          {String(detailNumber(unreachableEndpoints, 'unreachable') ?? '?')}
        </Fact>
      </CardSection>
      <CardSection title="Dropped packets" check={drops}>
        <Fact label="Total">
          {perSecond(detailNumber(drops, 'totalPerSecond') ?? 0)}
        </Fact>
        {dropReasons.length ? (
          <SmallTable
            caption="Drops per second by reason"
            headers={['Reason', 'Drops']}
            rows={dropReasons.map(([reason, rate]) => [
              reason,
              perSecond(rate),
            ])}
          />
        ) : null}
      </CardSection>
      <CardSection title="Endpoints" check={endpoints}>
        {endpointStates.length ? (
          <SmallTable
            caption="Endpoints by state"
            headers={['State', 'Endpoints']}
            rows={endpointStates.map(([state, count]) => [
              state,
              String(count),
            ])}
          />
        ) : undefined}
      </CardSection>
      <CardSection title="Policy import errors" check={policy}>
        <Fact label="Errors importing network policies">
          {String(detailNumber(policy, 'errors') ?? '?')}
        </Fact>
      </CardSection>
      <MetricsSourceNote
        show={metricsMissing}
        prometheus={prometheus}
        comesFrom="Connectivity, drops, endpoints and policy import errors come from cilium-agent metrics."
      />
    </Flex>
  );
}

/** Cilium of the entity's cluster: agents, operator, connectivity, drops by reason, policy errors. */
export const CiliumCard = healthCard({
  title: 'Cilium',
  subsystem: 'cilium',
  configureHint:
    "Cilium health comes from the cilium DaemonSet, the operator and CiliumNodes in the cluster's Kubernetes API, and from cilium-agent metrics in Prometheus; configure them for this cluster in infraHealth.clusters.",
  Body: CiliumBody,
});
