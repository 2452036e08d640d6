import { GITOPS_CHANGES_SIGNAL_CHANNEL } from '@proficientnow/backstage-plugin-gitops-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { Flex, Link, Text } from '@backstage/ui';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { useSignalledValue } from '../../hooks/usePolledValue';
import { ObservedTime } from '../ObservedTime';
import { HISTORY_REFRESH_MS } from '../PendingChanges/PendingChangesPage';
import { TRACKED_STATE_VIEW } from '../PendingChanges/TrackedChangesTable';
import { StatusBadge } from '../StatusBadge';

/** How many of a target's changes the card lists; the Changes page has the rest. */
const SHOWN = 3;

/**
 * The last changes merged for this target and where their rollout stands
 * (rolling out, rolled out, failed, stuck), reloaded when a change moves.
 * Says nothing when the tracker has nothing: the card's pending list speaks.
 */
export function RecentRollouts(props: { target: string }) {
  const api = useApi(infraHealthApiRef);
  const history = useSignalledValue(
    () => api.getTrackedChanges({ target: props.target, limit: 20 }),
    { intervalMs: HISTORY_REFRESH_MS, channel: GITOPS_CHANGES_SIGNAL_CHANNEL },
    [api, props.target],
  );
  const rollouts = (history.value?.changes ?? [])
    .filter(c => c.state !== 'open')
    .slice(0, SHOWN);
  if (rollouts.length === 0) return null;
  return (
    <Flex direction="column" gap="2">
      <Text as="h3" variant="body-medium" weight="bold">
        Recent rollouts
      </Text>
      <ul aria-label="Recent rollouts" style={{ margin: 0, paddingLeft: 0 }}>
        {rollouts.map(change => {
          const view = TRACKED_STATE_VIEW[change.state];
          return (
            <li
              key={`${change.repository}#${change.number}`}
              style={{ listStyle: 'none', marginBottom: 'var(--bui-space-2)' }}
            >
              <Flex direction="column" gap="1">
                <Link href={change.url} target="_blank" rel="noopener">
                  {`#${change.number} ${change.title}`}
                </Link>
                <Flex gap="2" align="center">
                  <StatusBadge
                    status={view.status}
                    text={view.text}
                    label={`State of #${change.number}`}
                    size="small"
                  />
                  <Text variant="body-x-small" color="secondary">
                    <ObservedTime at={change.updatedAt} />
                  </Text>
                </Flex>
                {change.reason ? (
                  <Text variant="body-x-small" color="secondary">
                    {change.reason}
                  </Text>
                ) : null}
              </Flex>
            </li>
          );
        })}
      </ul>
    </Flex>
  );
}
