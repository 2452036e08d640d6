import { NotConfiguredPanel } from '../StatePanels';

/** The backend cannot list pull requests: says why (its reason) and what to set. */
export function ChangesNotConfigured(props: { reason?: string }) {
  return (
    <NotConfiguredPanel
      title="Pending changes are not configured"
      reasons={[props.reason ?? 'The backend does not list pull requests.']}
      howTo="Set gitops.repository.url in app-config to the GitOps repository, and give integrations.github credentials that may read its pull requests."
    />
  );
}
