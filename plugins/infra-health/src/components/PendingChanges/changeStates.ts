import type { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';
import type { PendingChange } from '../../api/types';

/** A state of a pull request in words, and the health status whose icon and colour it borrows. */
export interface ChangeState {
  text: string;
  status: HealthStatus;
  detail?: string;
}

export function checksState(change: PendingChange): ChangeState {
  const { state, total, failing } = change.checks;
  switch (state) {
    case 'success':
      return {
        text: 'Passing',
        status: 'ok',
        detail: `${total} checks passed`,
      };
    case 'failure':
      return {
        text: 'Failing',
        status: 'critical',
        detail: failing.length
          ? `failing: ${failing.join(', ')}`
          : `${total} checks, some failed`,
      };
    case 'pending':
      return { text: 'Running', status: 'unknown', detail: `${total} checks` };
    default:
      return { text: 'No checks', status: 'unknown' };
  }
}

/** GitHub's mergeable and mergeable_state, as a person would say them. */
export function mergeState(change: PendingChange): ChangeState {
  if (change.draft) return { text: 'Draft', status: 'unknown' };
  if (change.mergeable === null)
    return { text: 'Not computed yet', status: 'unknown' };
  if (!change.mergeable || change.mergeableState === 'dirty')
    return { text: 'Conflicts', status: 'critical' };
  switch (change.mergeableState) {
    case 'clean':
    case 'has_hooks':
      return { text: 'Ready to merge', status: 'ok' };
    case 'blocked':
      return {
        text: 'Blocked',
        status: 'warning',
        detail: 'needs the required approvals or checks',
      };
    case 'behind':
      return {
        text: 'Behind',
        status: 'warning',
        detail: 'the base branch moved on',
      };
    case 'unstable':
      return {
        text: 'Mergeable',
        status: 'warning',
        detail: 'non-required checks fail',
      };
    default:
      return {
        text: 'Mergeable',
        status: 'unknown',
        detail: change.mergeableState || undefined,
      };
  }
}

export function reviewsSummary(change: PendingChange): string {
  const { approved, changesRequested, requested } = change.reviews;
  const parts = [
    `${approved} approved`,
    changesRequested ? `${changesRequested} requested changes` : '',
    requested.length ? `waiting for ${requested.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

/**
 * Who asked for the change, as the portal recorded it: a user entity ref
 * ("user:default/lena.dev") is shown by its name, marked unverified when its
 * identity does not carry the portal's signature. A pull request without a
 * recorded requester names its GitHub author instead.
 */
export function requesterOf(change: PendingChange): {
  title: string;
  description?: string;
} {
  if (!change.requester)
    return {
      title: '—',
      description: `opened by ${change.author}, not through the portal`,
    };
  const name =
    change.requester.match(/^user:(?:[^/:]+\/)?(.+)$/i)?.[1] ??
    change.requester;
  if (!change.requesterVerified)
    return {
      title: `${name} (unverified)`,
      description: change.identityProblem,
    };
  return { title: name, description: `opened by ${change.author}` };
}

/** One phrase for a list: "requested by alice", or who opened it. */
export function requesterPhrase(change: PendingChange): string {
  const { title, description } = requesterOf(change);
  return change.requester ? `requested by ${title}` : description ?? title;
}
