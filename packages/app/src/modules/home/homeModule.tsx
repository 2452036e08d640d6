import { Fragment, useMemo } from 'react';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageLayoutProps,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import {
  Content,
  MarkdownContent,
  WarningPanel,
} from '@backstage/core-components';
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

/**
 * Twelve columns at every width. The grid's default has fewer columns on
 * narrower containers (10 below the theme's 1280 px breakpoint, 6 below
 * 960), and a card wider than the column count gets a negative column: it
 * slides left under the sidebar and the first letters of its lines are
 * hidden. With the same twelve columns everywhere the layout in
 * app-config.yaml (page:home defaultConfig) holds at any width; the cards
 * only get narrower.
 */
export const HOME_GRID_COLUMNS = {
  xl: 12,
  lg: 12,
  md: 12,
  sm: 12,
  xs: 12,
  xxs: 12,
};

/** The home page grid: the widgets where page:home's defaultConfig puts them. */
export function PortalHomeLayout(props: HomePageLayoutProps) {
  const { widgets, defaultConfig } = props;
  const layout = useMemo(
    () =>
      defaultConfig?.map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    [defaultConfig],
  );
  return (
    <Content>
      <CustomHomepageGrid config={layout} cols={HOME_GRID_COLUMNS}>
        {widgets.map((widget, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
}

const homeLayout = HomePageLayoutBlueprint.make({
  params: { loader: async () => PortalHomeLayout },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [homeLayout, aboutWidget],
});
