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
import type { PendingChange } from '../../api/types';
import { ObservedTime } from '../ObservedTime';
import { StatusBadge } from '../StatusBadge';
import {
  ChangeState,
  checksState,
  mergeState,
  requesterOf,
  reviewsSummary,
} from './changeStates';

type ChangeRow = PendingChange & { id: number };

function StateCell(props: { state: ChangeState; label: string }) {
  return (
    <Cell>
      <Flex direction="column" gap="1">
        <StatusBadge
          status={props.state.status}
          text={props.state.text}
          label={props.label}
          size="small"
        />
        {props.state.detail ? (
          <Text variant="body-x-small" color="secondary">
            {props.state.detail}
          </Text>
        ) : null}
      </Flex>
    </Cell>
  );
}

/** Every pending change with what decides whether it can be merged: reviews, checks, mergeability. */
export function PendingChangesTable(props: { changes: PendingChange[] }) {
  const columns = useMemo<ColumnConfig<ChangeRow>[]>(
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
                {[
                  change.draft ? 'draft' : '',
                  change.kind,
                  change.target ? `target ${change.target}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
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
        id: 'requester',
        label: 'Requested by',
        cell: change => <CellText {...requesterOf(change)} />,
      },
      {
        id: 'reviews',
        label: 'Reviews',
        cell: change => <CellText title={reviewsSummary(change)} />,
      },
      {
        id: 'checks',
        label: 'Checks',
        cell: change => (
          <StateCell
            state={checksState(change)}
            label={`Checks of #${change.number}`}
          />
        ),
      },
      {
        id: 'mergeable',
        label: 'Mergeable',
        cell: change => (
          <StateCell
            state={mergeState(change)}
            label={`Merge state of #${change.number}`}
          />
        ),
      },
      {
        id: 'age',
        label: 'Opened',
        cell: change => (
          <Cell>
            <Text variant="body-small">
              <ObservedTime at={change.createdAt} />
            </Text>
          </Cell>
        ),
      },
    ],
    [],
  );
  const rows = useMemo(
    () => props.changes.map(change => ({ ...change, id: change.number })),
    [props.changes],
  );
  return (
    <Table<ChangeRow>
      columnConfig={columns}
      data={rows}
      pagination={{ type: 'none' }}
    />
  );
}
