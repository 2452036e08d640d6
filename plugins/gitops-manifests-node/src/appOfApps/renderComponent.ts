import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { KubeObject, RenderedFile } from '../model';
import { groupName } from '../requests/fieldRules';
import { IssueCollector } from '../requests/RequestValidationError';
import { buildApplication, LABELS, toArgoSource } from './applications';
import {
  ComponentRequest,
  ResolvedComponent,
  resolveComponentRequest,
} from './componentRequest';
import { PlatformAddresses } from '../catalogue/platformAddresses';
import { projectSourceRepos } from './projects';
import { buildSyncPolicy } from './syncPolicy';

/** Path of a component's Application in the GitOps repository. */
export function componentApplicationPath(
  layout: GitOpsLayout,
  component: { domain: string; group: string; name: string },
): string {
  return `${layout.appsPath}/${component.domain}/${component.group}/${component.name}.yaml`;
}

export function buildComponentApplication(
  layout: GitOpsLayout,
  component: ResolvedComponent,
): KubeObject {
  return buildApplication(layout, {
    name: component.name,
    project: layout.projects[component.domain],
    labels: {
      [LABELS.domain]: component.domain,
      [LABELS.group]: component.group,
      [LABELS.owner]: groupName(component.owner),
      [LABELS.component]: component.name,
    },
    syncWave: component.syncWave,
    sources: component.sources.map(source =>
      toArgoSource(source, layout, component.name),
    ),
    destinationNamespace: component.namespace,
    syncPolicy: buildSyncPolicy(component.syncPolicy),
    info: [
      ...(component.docs
        ? [{ name: 'Documentation', value: component.docs }]
        : []),
      ...(component.dependsOn.length
        ? [{ name: 'Depends on', value: component.dependsOn.join(', ') }]
        : []),
    ],
  });
}

/**
 * Renders one component Application into its domain root's folder. Checks the
 * request first (nothing is rendered for a bad one) and that the domain's
 * AppProject allows every source repository. Platform address references in
 * Helm values become `addresses` (default DEFAULT_PLATFORM_ADDRESSES).
 */
export function renderComponentApplication(
  layout: GitOpsLayout,
  request: ComponentRequest,
  addresses?: Partial<PlatformAddresses>,
): { component: ResolvedComponent; files: RenderedFile[] } {
  const component = resolveComponentRequest(request, addresses);
  const allowed = projectSourceRepos(layout, component.domain);
  const issues = new IssueCollector();
  component.sources.forEach((source, i) => {
    const repo = source.repoURL ?? layout.repoURL;
    if (!allowed.includes(repo)) {
      issues.add(
        `sources[${i}].repoURL`,
        `${repo} is not a source repository of the ${
          layout.projects[component.domain]
        } AppProject (allowed: ${allowed.join(
          ', ',
        )}); an administrator can add it to the layout's extraSourceRepos`,
      );
    }
  });
  issues.throwIfAny();
  return {
    component,
    files: [
      {
        path: componentApplicationPath(layout, component),
        objects: [buildComponentApplication(layout, component)],
      },
    ],
  };
}
