import { ResponseError } from '@backstage/errors';
import {
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import type { DependencyList, ReactNode } from 'react';
import { usePolledValue } from '../../hooks/usePolledValue';
import { useTemplateLink } from '../../hooks/useLinks';
import { LoadErrorPanel, LoadingPanel } from '../StatePanels';

/** One change a card offers: a template, and the form it opens with. */
export interface OfferedChange<T> {
  template: string;
  label: string;
  formData: (state: T) => Record<string, unknown>;
}

const REFRESH_MS = 60_000;

/**
 * Something as the GitOps repository records it, and the changes that
 * apply to it: each opens its template with the form filled in from the
 * repository (and the commit it was read at, so a change prepared against
 * an older state is refused). Every change is a pull request.
 */
export function ChangesCard<T>(props: {
  title: string;
  load: () => Promise<T>;
  deps: DependencyList;
  loadingLabel: string;
  /** Said when the repository does not hold it (a 404). */
  notRecorded: string;
  facts: (state: T) => ReactNode;
  changes: ReadonlyArray<OfferedChange<T>>;
}) {
  const templateLink = useTemplateLink();
  const state = usePolledValue(props.load, { intervalMs: REFRESH_MS }, [
    ...props.deps,
  ]);

  let body: ReactNode;
  if (state.loading) {
    body = <LoadingPanel label={props.loadingLabel} rows={2} />;
  } else if (!state.value) {
    const error = state.error ?? new Error('no answer from the GitOps backend');
    body =
      error instanceof ResponseError && error.response.status === 404 ? (
        <Text as="p" variant="body-small">
          {props.notRecorded}
        </Text>
      ) : (
        <LoadErrorPanel
          title="It could not be read from the repository"
          error={error}
          onRetry={state.retry}
        />
      );
  } else {
    const value = state.value;
    body = (
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          {props.facts(value)}
        </Flex>
        {templateLink ? (
          <Flex gap="2">
            {props.changes.map(change => (
              <ButtonLink
                key={change.template}
                variant="secondary"
                size="small"
                href={`${templateLink({
                  namespace: 'default',
                  templateName: change.template,
                })}?formData=${encodeURIComponent(
                  JSON.stringify(change.formData(value)),
                )}`}
              >
                {change.label}
              </ButtonLink>
            ))}
          </Flex>
        ) : (
          <Text as="p" variant="body-small">
            The scaffolder is not installed in this portal: the change templates
            cannot be opened from here.
          </Text>
        )}
        <Text as="p" variant="body-small">
          Each change opens a pull request on the GitOps repository; merging it
          is the approval.
        </Text>
      </Flex>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-x-small">
          {props.title}
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
