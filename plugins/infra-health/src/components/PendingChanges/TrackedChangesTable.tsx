import type { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';
import {
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Link,
  Table,
  Text,
} from '@backstage/ui';
import { useMemo } from 'react';
import type { TrackedChange, TrackedChangeState } from '../../api/types';
import { ObservedTime } from '../ObservedTime';
import { StatusBadge } from '../StatusBadge';

type Row = TrackedChange & { id: string };

/** Each state in words, and the badge colour it takes. */
export const TRACKED_STATE_VIEW: Record<
  TrackedChangeState,
  { text: string; status: HealthStatus }
> = {
  open: { text: 'Waiting for review', status: 'unknown' },
  merged: { text: 'Merged, rolling out', status: 'unknown' },
  applied: { text: 'Applied, settling', status: 'unknown' },
  healthy: { text: 'Rolled out', status: 'ok' },
  failed: { text: 'Failed', status: 'critical' },
  stuck: { text: 'Stuck', status: 'warning' },
  closed: { text: 'Closed unmerged', status: 'unknown' },
};

const nameOf = (ref?: string) => ref?.replace(/^[a-z]+:(?:[^/]+\/)?/i, '');

/** Every change the portal opened, where it stands and why, newest first. */
export function TrackedChangesTable(props: { changes: TrackedChange[] }) {
  const columns = useMemo<ColumnConfig<Row>[]>(
    () => [
      {
        id: 'title',
        label: 'Change',
        isRowHeader: true,
        cell: change => (
          <Cell>
            <Flex direction="column" gap="1">
              <Link href={change.url} target="_blank" rel="noopener">
                {`#${change.number} ${change.title}`}
              </Link>
              <Text variant="body-x-small" color="secondary">
                {`${change.kind} · ${change.action} · target ${nameOf(
                  change.targetRef,
                )}`}
              </Text>
            </Flex>
          </Cell>
        ),
      },
      {
        id: 'environment',
        label: 'Environment',
        cell: change => <CellText title={change.environment ?? '—'} />,
      },
      {
        id: 'state',
        label: 'State',
        cell: change => {
          const view = TRACKED_STATE_VIEW[change.state];
          return (
            <Cell>
              <Flex direction="column" gap="1">
                <StatusBadge
                  status={view.status}
                  text={view.text}
                  label={`State of #${change.number}`}
                  size="small"
                />
                {change.reason ? (
                  <Text variant="body-x-small" color="secondary">
                    {change.reason}
                  </Text>
                ) : null}
                {change.deliveryProblem ? (
                  <Text variant="body-x-small" color="warning">
                    {change.deliveryProblem}
                  </Text>
                ) : null}
              </Flex>
            </Cell>
          );
        },
      },
      {
        id: 'owner',
        label: 'Owner',
        cell: change => <CellText title={nameOf(change.owner) ?? '—'} />,
      },
      {
        id: 'requester',
        label: 'Requested by',
        cell: change => <CellText title={nameOf(change.requester) ?? '—'} />,
      },
      {
        id: 'updated',
        label: 'Last step',
        cell: change => (
          <Cell>
            <Text variant="body-small">
              <ObservedTime at={change.updatedAt} />
            </Text>
          </Cell>
        ),
      },
    ],
    [],
  );
  const rows = useMemo(
    () =>
      props.changes.map(change => ({
        ...change,
        id: `${change.repository}#${change.number}`,
      })),
    [props.changes],
  );
  return (
    <Table<Row>
      columnConfig={columns}
      data={rows}
      pagination={{ type: 'none' }}
    />
  );
}
