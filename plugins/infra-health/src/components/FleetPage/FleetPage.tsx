import { INFRA_HEALTH_SIGNAL_CHANNEL } from '@proficientnow/backstage-plugin-infra-health-common';
import { EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  HealthStatus,
  SEVERITY,
  SUBSYSTEMS,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { Button, Container, Flex, Text } from '@backstage/ui';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import type { ClusterHealthView } from '../../api/types';
import { useSignalledValue } from '../../hooks/usePolledValue';
import { ObservedTime } from '../ObservedTime';
import {
  LoadErrorPanel,
  LoadingPanel,
  RefreshFailedNotice,
} from '../StatePanels';
import { ClusterDetails } from './ClusterDetails';
import { ALL, FleetFilters, NO_ENVIRONMENT } from './FleetFilters';
import { FleetTable } from './FleetTable';

/** How often the fleet is read again; the backend answers from its store, so this is cheap. */
export const FLEET_REFRESH_MS = 30_000;

function matchesEnvironment(cluster: ClusterHealthView, environment: string) {
  if (environment === ALL) return true;
  if (environment === NO_ENVIRONMENT) return !cluster.environment;
  return cluster.environment === environment;
}

function countByStatus(clusters: ClusterHealthView[]) {
  const counts: Record<HealthStatus, number> = {
    ok: 0,
    warning: 0,
    critical: 0,
    unknown: 0,
  };
  for (const cluster of clusters) counts[cluster.status]++;
  return counts;
}

/** Subsystems in the model's order, then any the model does not know, as long as some cluster reports them. */
function reportedSubsystems(clusters: ClusterHealthView[]): string[] {
  const seen = new Set(
    clusters.flatMap(c => c.subsystems.map(s => s.subsystem as string)),
  );
  const known: string[] = SUBSYSTEMS.filter(s => seen.has(s));
  return [...known, ...[...seen].filter(s => !known.includes(s)).sort()];
}

/**
 * Every cluster of the platform, worst first, with each subsystem's status:
 * the page to open when someone asks "is the platform healthy?". Filters
 * and the picked cluster live in the URL, so a view can be shared.
 */
export function FleetPage() {
  return (
    <Container py="6">
      <FleetContent />
    </Container>
  );
}

function FleetContent() {
  const api = useApi(infraHealthApiRef);
  const config = useApi(configApiRef);
  // set by ./portal start when it runs the local stand-ins: say where the data comes from
  const localStackNote = config.getOptionalBoolean('portal.localStack.enabled')
    ? config.getOptionalString('portal.localStack.cephNote') ?? ''
    : undefined;
  const fleet = useSignalledValue(
    () => api.getFleet(),
    { intervalMs: FLEET_REFRESH_MS, channel: INFRA_HEALTH_SIGNAL_CHANNEL },
    [api],
  );
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? ALL;
  const environment = params.get('environment') ?? ALL;
  const selected = params.get('cluster');

  const setParam = (key: string, value: string | undefined) => {
    setParams(
      previous => {
        const next = new URLSearchParams(previous);
        if (value === undefined || value === ALL) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  };

  // the backend sends worst first; kept here too, so the order never depends on it
  const clusters = useMemo(
    () =>
      [...(fleet.value?.clusters ?? [])].sort(
        (a, b) =>
          SEVERITY[b.status] - SEVERITY[a.status] ||
          a.cluster.localeCompare(b.cluster),
      ),
    [fleet.value],
  );
  const inEnvironment = useMemo(
    () => clusters.filter(c => matchesEnvironment(c, environment)),
    [clusters, environment],
  );
  const shown = useMemo(
    () => inEnvironment.filter(c => status === ALL || c.status === status),
    [inEnvironment, status],
  );
  const environments = useMemo(
    () =>
      [
        ...new Set(
          clusters.flatMap(c => (c.environment ? [c.environment] : [])),
        ),
      ].sort(),
    [clusters],
  );
  const subsystems = useMemo(() => reportedSubsystems(clusters), [clusters]);
  const selectedCluster = clusters.find(c => c.cluster === selected);

  if (fleet.loading) {
    return <LoadingPanel label="Loading platform health…" rows={4} />;
  }
  if (!fleet.value) {
    return (
      <LoadErrorPanel
        title="Platform health could not be read"
        error={
          fleet.error ?? new Error('no answer from the infra-health backend')
        }
        onRetry={fleet.retry}
      />
    );
  }
  if (clusters.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No clusters configured"
        description="The infra-health backend has no cluster to report on. Add infraHealth.clusters to app-config (the HA platform cluster as `platform`, nested clusters by their own names); health shows here after the first collection."
      />
    );
  }

  return (
    <Flex direction="column" gap="4">
      {localStackNote ? (
        <Text variant="body-small" color="secondary">
          {`Local stand-ins: the clusters below are served by the local Kubernetes stand-in. ${localStackNote}`}
        </Text>
      ) : null}
      {fleet.error ? (
        <RefreshFailedNotice error={fleet.error} updatedAt={fleet.updatedAt} />
      ) : null}
      <Flex justify="between" align="end" gap="4" style={{ flexWrap: 'wrap' }}>
        <FleetFilters
          status={status}
          environment={environment}
          environments={environments}
          hasClustersWithoutEnvironment={clusters.some(c => !c.environment)}
          counts={countByStatus(inEnvironment)}
          total={inEnvironment.length}
          onStatusChange={value => setParam('status', value)}
          onEnvironmentChange={value => setParam('environment', value)}
        />
        <Text variant="body-small" color="secondary">
          <ObservedTime at={fleet.value.generatedAt} prefix="Updated" />
          {fleet.live
            ? ' · updates as each collection finishes'
            : ` · refreshes every ${FLEET_REFRESH_MS / 1000} s`}
        </Text>
      </Flex>
      {shown.length ? (
        <Text as="p" variant="body-small" color="secondary">
          Pick a cluster to see each of its checks and why it has its status.
        </Text>
      ) : null}
      {shown.length ? (
        <FleetTable
          clusters={shown}
          subsystems={subsystems}
          onSelect={cluster => setParam('cluster', cluster)}
        />
      ) : (
        <Flex direction="column" gap="2" align="start">
          <Text as="p">No cluster matches these filters.</Text>
          <Button
            variant="secondary"
            onPress={() =>
              setParams(
                previous => {
                  const next = new URLSearchParams(previous);
                  next.delete('status');
                  next.delete('environment');
                  return next;
                },
                { replace: true },
              )
            }
          >
            Clear filters
          </Button>
        </Flex>
      )}
      {selectedCluster ? (
        <ClusterDetails
          cluster={selectedCluster}
          onClose={() => setParam('cluster', undefined)}
        />
      ) : null}
      {selected && !selectedCluster ? (
        <Text as="p" color="secondary">
          {`No health is reported for cluster ${selected}.`}
        </Text>
      ) : null}
    </Flex>
  );
}
