import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

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

const aboutWidget = HomePageWidgetBlueprint.make({
  name: 'about-portal',
  params: {
    name: 'AboutPortal',
    title: 'What this portal is for',
    description: 'The three jobs of the ProficientNow Platform Portal',
    components: async () => ({
      Content: () => <MarkdownContent content={portalPurpose} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [aboutWidget],
});
