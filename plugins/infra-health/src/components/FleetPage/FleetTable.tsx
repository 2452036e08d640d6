import { notInstalled } from '@proficientnow/backstage-plugin-infra-health-common';
import { Cell, CellText, ColumnConfig, Flex, Table, Text } from '@backstage/ui';
import { useMemo } from 'react';
import type { ClusterHealthView } from '../../api/types';
import { ObservedTime } from '../ObservedTime';
import { StaleMarker, StatusBadge } from '../StatusBadge';
import { subsystemTitle } from '../subsystemTitle';

type ClusterRow = ClusterHealthView & { id: string };

/**
 * The fleet, one row per cluster in the order given (the backend sends worst
 * first): rollup with its reason, each subsystem's status (or that its API
 * is not installed in that cluster), when it was observed. A row is a button: it shows that cluster's checks.
 */
export function FleetTable(props: {
  clusters: ClusterHealthView[];
  /** Subsystems that get a column: those any cluster of the fleet reports. */
  subsystems: string[];
  onSelect: (cluster: string) => void;
}) {
  const { clusters, subsystems, onSelect } = props;
  const columns = useMemo<ColumnConfig<ClusterRow>[]>(
    () => [
      {
        id: 'cluster',
        label: 'Cluster',
        isRowHeader: true,
        cell: row => (
          <Cell>
            <Flex direction="column" gap="1">
              <Text weight="bold">{row.cluster}</Text>
              {row.stale ? <StaleMarker observedAt={row.observedAt} /> : null}
            </Flex>
          </Cell>
        ),
      },
      {
        id: 'environment',
        label: 'Environment',
        cell: row => <CellText title={row.environment ?? '—'} />,
      },
      {
        id: 'status',
        label: 'Status',
        cell: row => (
          <Cell>
            <Flex direction="column" gap="1">
              <StatusBadge status={row.status} label={row.cluster} />
              {row.reachable === false ? (
                <Text variant="body-small" weight="bold">
                  Unreachable,{' '}
                  <ObservedTime at={row.lastSeenAt} prefix="last seen" />
                </Text>
              ) : null}
              <Text variant="body-x-small" color="secondary">
                {row.reason}
              </Text>
            </Flex>
          </Cell>
        ),
      },
      ...subsystems.map<ColumnConfig<ClusterRow>>(subsystem => ({
        id: `subsystem-${subsystem}`,
        label: subsystemTitle(subsystem),
        cell: row => {
          const health = row.subsystems.find(s => s.subsystem === subsystem);
          if (!health) {
            return (
              <Cell>
                <Text variant="body-x-small" color="secondary">
                  Not reported
                </Text>
              </Cell>
            );
          }
          return (
            <Cell>
              <Flex direction="column" gap="1">
                <StatusBadge
                  status={health.status}
                  label={`${row.cluster} ${subsystemTitle(subsystem)}`}
                  size="small"
                  // its API is not in this cluster (no Argo CD in a nested
                  // cluster, a custom resource kind not installed): not a finding
                  text={notInstalled(health) ? 'Not installed' : undefined}
                />
                {health.stale ? (
                  <StaleMarker observedAt={health.observedAt} />
                ) : null}
              </Flex>
            </Cell>
          );
        },
      })),
      {
        id: 'observed',
        label: 'Last observed',
        cell: row => (
          <Cell>
            <Text variant="body-small">
              <ObservedTime at={row.observedAt} />
            </Text>
          </Cell>
        ),
      },
    ],
    [subsystems],
  );
  const rows = useMemo(
    () => clusters.map(cluster => ({ ...cluster, id: cluster.cluster })),
    [clusters],
  );
  return (
    <Table<ClusterRow>
      columnConfig={columns}
      data={rows}
      pagination={{ type: 'none' }}
      rowConfig={{ onClick: row => onSelect(row.cluster) }}
    />
  );
}
