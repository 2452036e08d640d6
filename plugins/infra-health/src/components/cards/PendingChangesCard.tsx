import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Card,
  CardBody,
  Flex,
  CardFooter,
  CardHeader,
  Link,
  Text,
} from '@backstage/ui';
import type { ReactNode } from 'react';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { RecentRollouts } from './RecentRollouts';
import { usePolledValue } from '../../hooks/usePolledValue';
import { useChangesLink } from '../../hooks/useLinks';
import { ChangesNotConfigured } from '../PendingChanges/ChangesNotConfigured';
import { CHANGES_REFRESH_MS } from '../PendingChanges/PendingChangesPage';
import { PendingChangesList } from '../PendingChanges/PendingChangesList';
import {
  LoadErrorPanel,
  LoadingPanel,
  RefreshFailedNotice,
} from '../StatePanels';

/** The pull requests whose target is this entity (a cluster or a component) that wait for approval, and its recent rollouts. */
export function PendingChangesCard() {
  const { entity } = useEntity();
  const target = entity.metadata.name;
  const api = useApi(infraHealthApiRef);
  const changesLink = useChangesLink();
  const changes = usePolledValue(
    () => api.getPendingChanges({ target }),
    { intervalMs: CHANGES_REFRESH_MS },
    [api, target],
  );

  let body: ReactNode;
  if (changes.loading) {
    body = <LoadingPanel label="Loading pending changes…" rows={2} />;
  } else if (!changes.value) {
    body = (
      <LoadErrorPanel
        title="Pending changes could not be read"
        error={
          changes.error ?? new Error('no answer from the infra-health backend')
        }
        onRetry={changes.retry}
      />
    );
  } else if (!changes.value.configured) {
    body = <ChangesNotConfigured reason={changes.value.reason} />;
  } else if (changes.value.changes.length === 0) {
    body = (
      <Text as="p" variant="body-small">
        {`No pull request for ${target} waits for approval.`}
      </Text>
    );
  } else {
    body = (
      <>
        {changes.error ? (
          <RefreshFailedNotice
            error={changes.error}
            updatedAt={changes.updatedAt}
          />
        ) : null}
        <PendingChangesList changes={changes.value.changes} />
      </>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-x-small">
          Pending infrastructure changes
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          {body}
          <RecentRollouts target={target} />
        </Flex>
      </CardBody>
      {changesLink ? (
        <CardFooter>
          <Link href={changesLink()}>All changes</Link>
        </CardFooter>
      ) : null}
    </Card>
  );
}
