import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent, WarningPanel } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';

/** What the portal is for, in the words its users would look for. */
export const portalPurpose = `
This portal is the one place for the people who run and use the ProficientNow
private cloud: an HA Kubernetes platform run by Argo CD (Cilium, MetalLB,
Kube-OVN, Rook-Ceph, KubeVirt, cert-manager, Authentik, ...) that hosts nested
dev, QA/staging and prod MicroK8s clusters on KubeVirt VMs.

It does three jobs:

1. **Self-service as pull requests.** [Create](/create) a nested cluster or a
   platform component from a template. The portal renders the Argo CD
   Applications and KubeVirt specs, validates them against the upstream
   schemas and opens one pull request on the GitOps repository. Merging the
   pull request is the approval; Argo CD does the rest.
2. **A catalog of the platform.** [Every component, cluster and
   environment](/catalog) with its owner, its system and what it depends on,
   kept in step with the GitOps repository.
3. **Health at a glance.** Ceph, Cilium and cluster health for the platform
   cluster and every nested cluster, and the infrastructure changes that wait
   for approval.
`;

/** Says plainly when the portal runs against the local stand-ins, not the real platform. */
export function LocalStackNotice() {
  const config = useApi(configApiRef);
  if (!config.getOptionalBoolean('portal.localStack.enabled')) return null;
  const github = config.getOptionalString('portal.localStack.github');
  const cephNote = config.getOptionalString('portal.localStack.cephNote');
  return (
    <WarningPanel
      severity="info"
      title="Running against local stand-ins"
      message={
        <>
          No GitHub token or cluster is configured, so this portal talks to
          stand-ins on this machine: pull requests go to a local GitHub stand-in
          {github ? ` (${github})` : ''}, not to github.com, and the platform,
          dev and prod clusters on the health pages are a local Kubernetes
          stand-in (prod is degraded on purpose).
          {cephNote ? ` ${cephNote}` : ''} Set GITHUB_TOKEN or add
          app-config.local.yaml to use real systems.
        </>
      }
    />
  );
}

function AboutPortal() {
  return (
    <>
      <LocalStackNotice />
      <MarkdownContent content={portalPurpose} />
    </>
  );
}

const aboutWidget = HomePageWidgetBlueprint.make({
  name: 'about-portal',
  params: {
    name: 'AboutPortal',
    title: 'What this portal is for',
    description: 'The three jobs of the ProficientNow Platform Portal',
    components: async () => ({
      Content: AboutPortal,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [aboutWidget],
});
