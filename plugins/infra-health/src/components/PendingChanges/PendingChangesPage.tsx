import { useApi } from '@backstage/frontend-plugin-api';
import { Container, Flex, Link, Select, Text } from '@backstage/ui';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { GITOPS_CHANGES_SIGNAL_CHANNEL } from '@proficientnow/backstage-plugin-gitops-common';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { usePolledValue, useSignalledValue } from '../../hooks/usePolledValue';
import { ObservedTime } from '../ObservedTime';
import {
  LoadErrorPanel,
  LoadingPanel,
  RefreshFailedNotice,
} from '../StatePanels';
import { ChangesNotConfigured } from './ChangesNotConfigured';
import { PendingChangesTable } from './PendingChangesTable';
import { TRACKED_STATE_VIEW, TrackedChangesTable } from './TrackedChangesTable';
import type { TrackedChange, TrackedChangeState } from '../../api/types';

/** Pull requests are read from GitHub by the backend; once a minute is plenty for approvals. */
export const CHANGES_REFRESH_MS = 60_000;
/** Rollouts move by the half minute (the tracker's schedule). */
export const HISTORY_REFRESH_MS = 30_000;
const ALL = 'all';

/**
 * The changes page: the pull requests that wait for approval, with what
 * still blocks each, and every change the portal opened with where its
 * rollout stands (filtered by environment, owner and state; `?change=<n>`,
 * the link notifications carry, shows one).
 */
export function PendingChangesPage() {
  const [environment, setEnvironment] = useState(ALL);
  return (
    <Container py="6">
      <Flex direction="column" gap="6">
        <PendingChangesContent
          environment={environment}
          setEnvironment={setEnvironment}
        />
        <TrackedChangesContent environment={environment} />
      </Flex>
    </Container>
  );
}

function TrackedChangesContent(props: { environment: string }) {
  const api = useApi(infraHealthApiRef);
  const [params, setParams] = useSearchParams();
  const only = Number(params.get('change')) || undefined;
  const history = useSignalledValue(
    () => api.getTrackedChanges({ limit: 200 }),
    { intervalMs: HISTORY_REFRESH_MS, channel: GITOPS_CHANGES_SIGNAL_CHANNEL },
    [api],
  );
  const [owner, setOwner] = useState(ALL);
  const [state, setState] = useState(ALL);
  const all = useMemo<TrackedChange[]>(
    () => history.value?.changes ?? [],
    [history.value],
  );
  const owners = useMemo(
    () => [...new Set(all.flatMap(c => (c.owner ? [c.owner] : [])))].sort(),
    [all],
  );
  const shown = all.filter(
    c =>
      (only === undefined || c.number === only) &&
      (props.environment === ALL || c.environment === props.environment) &&
      (owner === ALL || c.owner === owner) &&
      (state === ALL || c.state === state),
  );
  const heading = (
    <Text as="h2" variant="title-small">
      Rollouts and history
    </Text>
  );
  if (history.loading)
    return (
      <Flex direction="column" gap="2">
        {heading}
        <LoadingPanel label="Loading the changes' history…" rows={3} />
      </Flex>
    );
  if (!history.value)
    return (
      <Flex direction="column" gap="2">
        {heading}
        <LoadErrorPanel
          title="The changes' history could not be read"
          error={
            history.error ?? new Error('no answer from the GitOps backend')
          }
          onRetry={history.retry}
        />
      </Flex>
    );
  return (
    <Flex direction="column" gap="3">
      {heading}
      {history.error ? (
        <RefreshFailedNotice
          error={history.error}
          updatedAt={history.updatedAt}
        />
      ) : null}
      <Flex justify="between" align="end" gap="4" style={{ flexWrap: 'wrap' }}>
        <Flex gap="4" style={{ flexWrap: 'wrap' }}>
          <div style={{ minWidth: '14rem' }}>
            <Select
              label="Owner"
              options={[
                { id: ALL, label: 'All owners' },
                ...owners.map(o => ({ id: o, label: o })),
              ]}
              value={owner}
              onChange={key => {
                if (key !== null && key !== undefined) setOwner(String(key));
              }}
            />
          </div>
          <div style={{ minWidth: '14rem' }}>
            <Select
              label="State"
              options={[
                { id: ALL, label: 'All states' },
                ...(
                  Object.keys(TRACKED_STATE_VIEW) as TrackedChangeState[]
                ).map(s => ({ id: s, label: TRACKED_STATE_VIEW[s].text })),
              ]}
              value={state}
              onChange={key => {
                if (key !== null && key !== undefined) setState(String(key));
              }}
            />
          </div>
        </Flex>
        <Text variant="body-small" color="secondary">
          <ObservedTime
            at={history.value.trackedAt}
            prefix="followed in GitHub and Argo CD"
          />
        </Text>
      </Flex>
      {only !== undefined ? (
        <Text as="p" variant="body-small">
          {`Showing change #${only}. `}
          <Link
            href="#"
            onClick={event => {
              event.preventDefault();
              params.delete('change');
              setParams(params);
            }}
          >
            Show every change
          </Link>
        </Text>
      ) : null}
      {shown.length ? (
        <TrackedChangesTable changes={shown} />
      ) : (
        <Text as="p">
          {all.length
            ? 'No change matches these filters.'
            : 'The portal has not opened a change yet.'}
        </Text>
      )}
    </Flex>
  );
}

function PendingChangesContent(props: {
  environment: string;
  setEnvironment: (value: string) => void;
}) {
  const api = useApi(infraHealthApiRef);
  const changes = usePolledValue(
    () => api.getPendingChanges(),
    { intervalMs: CHANGES_REFRESH_MS },
    [api],
  );
  const { environment, setEnvironment } = props;
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
