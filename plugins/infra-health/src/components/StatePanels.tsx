import { ResponseErrorPanel } from '@backstage/core-components';
import { Alert, Button, Flex, Skeleton, Text } from '@backstage/ui';
import type { ReactNode } from 'react';
import { formatAge } from '../health/time';

/** The first load only: placeholders in the shape of what comes, and the words for screen readers. */
export function LoadingPanel(props: { label: string; rows?: number }) {
  const rows = props.rows ?? 3;
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <Flex direction="column" gap="2">
        <Text variant="body-small" color="secondary">
          {props.label}
        </Text>
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} width="100%" height={20} />
        ))}
      </Flex>
    </div>
  );
}

/** A load that failed before anything could be shown: the backend's error and a way to try again. */
export function LoadErrorPanel(props: {
  title: string;
  error: Error;
  onRetry: () => void;
}) {
  return (
    <Flex direction="column" gap="2">
      <ResponseErrorPanel title={props.title} error={props.error} />
      <div>
        <Button variant="secondary" onPress={props.onRetry}>
          Try again
        </Button>
      </div>
    </Flex>
  );
}

/** A refresh that failed while older data is on screen: the data stays, and this says how old it is. */
export function RefreshFailedNotice(props: { error: Error; updatedAt?: Date }) {
  const age = props.updatedAt
    ? formatAge(props.updatedAt.toISOString(), new Date())
    : 'earlier';
  return (
    <Alert
      status="warning"
      icon
      title="Could not refresh"
      description={`${props.error.message}. Showing what was read ${age}.`}
    />
  );
}

/**
 * Something is not set up (a source, a cluster, the pull request list): says
 * what is missing and how to configure it. Not an error and not unhealthy.
 */
export function NotConfiguredPanel(props: {
  title: string;
  reasons?: string[];
  howTo: ReactNode;
}) {
  const reasons = [...new Set(props.reasons ?? [])];
  return (
    <Alert
      status="info"
      icon
      title={props.title}
      description={
        <Flex direction="column" gap="1">
          {reasons.map(reason => (
            <Text key={reason} as="p" variant="body-small">
              {reason}
            </Text>
          ))}
          <Text as="p" variant="body-small">
            {props.howTo}
          </Text>
        </Flex>
      }
    />
  );
}
