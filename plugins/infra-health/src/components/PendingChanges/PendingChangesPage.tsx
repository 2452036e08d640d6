import { useApi } from '@backstage/frontend-plugin-api';
import { Container, Flex, Link, Select, Text } from '@backstage/ui';
import { useMemo, useState } from 'react';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { usePolledValue } from '../../hooks/usePolledValue';
import { ObservedTime } from '../ObservedTime';
import {
  LoadErrorPanel,
  LoadingPanel,
  RefreshFailedNotice,
} from '../StatePanels';
import { ChangesNotConfigured } from './ChangesNotConfigured';
import { PendingChangesTable } from './PendingChangesTable';

/** Pull requests are read from GitHub by the backend; once a minute is plenty for approvals. */
export const CHANGES_REFRESH_MS = 60_000;
const ALL = 'all';

/** The infrastructure pull requests that wait for approval, with what still blocks each. */
export function PendingChangesPage() {
  return (
    <Container py="6">
      <PendingChangesContent />
    </Container>
  );
}

function PendingChangesContent() {
  const api = useApi(infraHealthApiRef);
  const changes = usePolledValue(
    () => api.getPendingChanges(),
    { intervalMs: CHANGES_REFRESH_MS },
    [api],
  );
  const [environment, setEnvironment] = useState(ALL);
  const all = useMemo(() => changes.value?.changes ?? [], [changes.value]);
  const environments = useMemo(
    () =>
      [
        ...new Set(all.flatMap(c => (c.environment ? [c.environment] : []))),
      ].sort(),
    [all],
  );
  const shown = all.filter(
    c => environment === ALL || c.environment === environment,
  );

  if (changes.loading) {
    return <LoadingPanel label="Loading pending changes…" rows={3} />;
  }
  if (!changes.value) {
    return (
      <LoadErrorPanel
        title="Pending changes could not be read"
        error={
          changes.error ?? new Error('no answer from the infra-health backend')
        }
        onRetry={changes.retry}
      />
    );
  }
  if (!changes.value.configured) {
    return <ChangesNotConfigured reason={changes.value.reason} />;
  }
  const { repository, fetchedAt, truncated } = changes.value;
  return (
    <Flex direction="column" gap="4">
      {changes.error ? (
        <RefreshFailedNotice
          error={changes.error}
          updatedAt={changes.updatedAt}
        />
      ) : null}
      <Flex justify="between" align="end" gap="4" style={{ flexWrap: 'wrap' }}>
        <div style={{ minWidth: '14rem' }}>
          <Select
            label="Environment"
            options={[
              { id: ALL, label: 'All environments' },
              ...environments.map(env => ({ id: env, label: env })),
            ]}
            value={environment}
            onChange={key => {
              if (key !== null && key !== undefined)
                setEnvironment(String(key));
            }}
          />
        </div>
        <Text variant="body-small" color="secondary">
          {repository ? (
            <>
              {'Open pull requests of '}
              <Link href={repository.url} target="_blank" rel="noopener">
                {`${repository.owner}/${repository.repo}`}
              </Link>
              {' · '}
            </>
          ) : null}
          <ObservedTime at={fetchedAt} prefix="read from GitHub" />
        </Text>
      </Flex>
      {shown.length ? (
        <PendingChangesTable changes={shown} />
      ) : (
        <Text as="p">
          {all.length
            ? 'No pending change in this environment.'
            : 'No infrastructure change waits for approval.'}
        </Text>
      )}
      {truncated ? (
        <Text as="p" variant="body-small" color="secondary">
          More pull requests may be open than are listed here; the rest are on
          GitHub.
        </Text>
      ) : null}
    </Flex>
  );
}
