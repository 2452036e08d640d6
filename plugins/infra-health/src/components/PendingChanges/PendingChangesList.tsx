import { Flex, Link, Text } from '@backstage/ui';
import type { PendingChange } from '../../api/types';
import { ObservedTime } from '../ObservedTime';
import { StatusBadge } from '../StatusBadge';
import {
  checksState,
  mergeState,
  requesterPhrase,
  reviewsSummary,
} from './changeStates';

/** The narrow form of the table, for an entity card: one block per change. */
export function PendingChangesList(props: { changes: PendingChange[] }) {
  return (
    <ul
      aria-label="Pending changes"
      style={{
        listStyle: 'none',
        margin: 0,
        padding: 0,
        display: 'flex',
        flexDirection: 'column',
        gap: 'var(--bui-space-3)',
      }}
    >
      {props.changes.map(change => {
        const checks = checksState(change);
        const merge = mergeState(change);
        return (
          <li key={change.number}>
            <Flex direction="column" gap="1">
              <Link href={change.url} target="_blank" rel="noopener">
                {`#${change.number} ${change.title}`}
              </Link>
              <Text variant="body-x-small" color="secondary">
                {[
                  change.draft ? 'draft' : '',
                  change.environment ?? 'no environment',
                  requesterPhrase(change),
                  reviewsSummary(change),
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {' · opened '}
                <ObservedTime at={change.createdAt} />
              </Text>
              <Flex gap="3">
                <StatusBadge
                  status={checks.status}
                  text={`Checks: ${checks.text}`}
                  size="small"
                />
                <StatusBadge
                  status={merge.status}
                  text={merge.text}
                  size="small"
                />
              </Flex>
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}
