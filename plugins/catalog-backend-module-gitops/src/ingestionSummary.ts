import { Entity } from '@backstage/catalog-model';
import type { IngestionCounts, SkippedInput } from './repositoryToEntities';

/** The entity that shows what the last refresh read; one per provider. */
export const SUMMARY_ENTITY_NAME = 'gitops-repository';
export const SUMMARY_ANNOTATION = 'platform.proficientnow.io/ingestion-summary';

const CATEGORIES: Array<[RegExp, string]> = [
  [/larger than/, 'too large'],
  [/not UTF-8|binary/, 'not text'],
  [/a link, not a file/, 'link'],
  [/path is longer/, 'path too long'],
  [/aliases/, 'alias expansion'],
  [/nested deeper|nested too deep/, 'nested too deep'],
  [/not YAML|malformed YAML|not readable YAML|YAML documents/, 'not YAML'],
  [/duplicate name/, 'duplicate name'],
  [/valid metadata\.name/, 'invalid name'],
  [/^ApplicationSet /, 'ApplicationSet not resolved'],
];

/** How many were skipped, by kind of reason. */
export function skippedByReason(
  skipped: SkippedInput[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of skipped) {
    const category =
      CATEGORIES.find(([pattern]) => pattern.test(item.reason))?.[1] ?? 'other';
    counts[category] = (counts[category] ?? 0) + 1;
  }
  return counts;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, c => `\\${c}`);
}

/**
 * A Resource of type gitops-repository whose description says what the last
 * refresh read, made and skipped (with the first reasons), so a person can
 * see in the portal why an Application is or is not in the catalog. The
 * same figures are in an annotation as JSON for tools.
 */
export function ingestionSummaryEntity(summary: {
  repository: string;
  url: string;
  revision: string;
  counts: IngestionCounts;
  entities: number;
  skipped: SkippedInput[];
  unresolved: number;
  /** Owner ref of the summary entity: the configured default owner, if any. */
  owner?: string;
}): Entity {
  const byReason = skippedByReason(summary.skipped);
  const { counts } = summary;
  const lines = [
    `What the catalog read from the GitOps repository ${escapeMarkdown(
      summary.repository,
    )} at ${summary.revision.slice(0, 12)}: ${counts.filesRead} files, ${
      counts.applications
    } Applications, ${counts.applicationSets} ApplicationSets (${
      counts.generated
    } Applications generated), ${summary.entities} entities; ${
      counts.helmTemplates
    } Helm template files left to the live source.`,
    counts.live
      ? `Against Argo CD on cluster ${escapeMarkdown(
          counts.live.cluster,
        )} (read ${counts.live.observedAt}): ${
          counts.live.applications
        } Applications running, ${
          counts.live.notDeployed
        } in Git but not deployed, ${
          counts.live.rendered
        } rendered from Git (Helm, kustomize, ApplicationSets), ${
          counts.live.drift
        } running but in no Git file (drift). Filter the catalog by the not-deployed and drift tags.`
      : 'The live source is not configured or not readable: Git alone (gitops.catalog.live.cluster).',
    summary.skipped.length
      ? `Skipped ${summary.skipped.length}: ${Object.entries(byReason)
          .map(([reason, n]) => `${n} ${reason}`)
          .join(', ')}.`
      : 'Nothing skipped.',
    ...summary.skipped
      .slice(0, 10)
      .map(
        item =>
          `- ${escapeMarkdown(item.path)}: ${escapeMarkdown(
            item.reason.slice(0, 200),
          )}`,
      ),
    ...(summary.skipped.length > 10
      ? [`- and ${summary.skipped.length - 10} more (in the backend log)`]
      : []),
    ...(summary.unresolved
      ? [
          `${summary.unresolved} owner(s) or relation(s) name entities that are not in the catalog (see each entity's platform.proficientnow.io annotations).`,
        ]
      : []),
  ];
  // paragraphs apart, list items together (the About card renders markdown)
  const description = lines
    .map((line, i) =>
      i > 0 && line.startsWith('- ') && lines[i - 1].startsWith('- ')
        ? `\n${line}`
        : `\n\n${line}`,
    )
    .join('')
    .trim();
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: SUMMARY_ENTITY_NAME,
      title: `GitOps repository ${summary.repository}`.slice(0, 200),
      description,
      annotations: {
        [SUMMARY_ANNOTATION]: JSON.stringify({
          revision: summary.revision,
          ...counts,
          entities: summary.entities,
          skipped: summary.skipped.length,
          skippedByReason: byReason,
          unresolved: summary.unresolved,
        }),
        'platform.proficientnow.io/gitops-path': '',
      },
      tags: ['gitops', 'argocd'],
      links: [{ url: summary.url, title: 'The GitOps repository' }],
    },
    spec: {
      type: 'gitops-repository',
      owner: summary.owner ?? 'group:default/unknown',
    },
  };
}
