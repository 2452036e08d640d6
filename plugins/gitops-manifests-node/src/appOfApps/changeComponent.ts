import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { Document, parseAllDocuments } from 'yaml';
import { RequestValidationError } from '../requests/RequestValidationError';
import { parseRequest, requestZod } from '../requests/requestSchema';
import { LABELS, SYNC_WAVE_ANNOTATION } from './applications';
import { componentFields } from './componentRequest';

/** A component's Application as found in the repository. */
export interface FoundComponent {
  name: string;
  /** The file, and the document's index in it. */
  path: string;
  documentIndex: number;
  /** The file's text, as read. */
  text: string;
  domain: string;
  owner?: string;
  application: any;
}

/** What one file of a change does, for the pull request. */
export interface ComponentFileNote {
  path: string;
  change: 'changed' | 'removed';
  why: string;
}

/** A change to a component's Application, ready to validate and propose. */
export interface ComponentChange {
  /** Files edited in place (every other byte as it was). */
  textFiles: Map<string, string>;
  deletions: string[];
  summary: string;
  onMerge: string[];
  notes: ComponentFileNote[];
}

const MAX_FILE_BYTES = 512 * 1024;

function refuse(field: string, rule: string): never {
  throw new RequestValidationError([{ field, rule }]);
}

/** The documents of a file, split where the portal (and most people) split them. */
function chunksOf(text: string): string[] {
  return text.split(/^---[ \t]*\n/m);
}

/**
 * Finds the Application of a component by name among the files under the
 * layout's apps path. A nested cluster's Application is not a component;
 * a name found twice is refused (the catalog skips both too).
 */
export function findComponentApplication(
  paths: Iterable<string>,
  text: (path: string) => string | undefined,
  layout: GitOpsLayout,
  name: string,
): FoundComponent {
  const found: FoundComponent[] = [];
  for (const path of paths) {
    if (!path.startsWith(`${layout.appsPath}/`) || !/\.ya?ml$/.test(path))
      continue;
    const content = text(path);
    if (content === undefined || content.length > MAX_FILE_BYTES) continue;
    if (!content.includes(name)) continue;
    chunksOf(content).forEach((chunk, documentIndex) => {
      let object: any;
      try {
        const [document] = parseAllDocuments(chunk) as any[];
        if (!document || document.errors?.length) return;
        object = document.toJS({ maxAliasCount: 0 });
      } catch {
        return; // a file we cannot read is the catalog's to report
      }
      if (object?.kind !== 'Application' || object?.metadata?.name !== name)
        return;
      const labels = object.metadata.labels ?? {};
      const relative = path.slice(layout.appsPath.length + 1).split('/');
      found.push({
        name,
        path,
        documentIndex,
        text: content,
        domain: String(labels[LABELS.domain] ?? relative[0]),
        owner: labels[LABELS.owner],
        application: object,
      });
    });
  }
  if (found.length === 0)
    refuse(
      'name',
      `no Argo CD Application named ${JSON.stringify(name)} under ${
        layout.appsPath
      }/`,
    );
  if (found.length > 1)
    refuse(
      'name',
      `${name} is declared more than once (${found
        .map(f => f.path)
        .join(', ')}); the repository must declare it once`,
    );
  const [component] = found;
  if (component.application.metadata.labels?.[LABELS.cluster])
    refuse(
      'name',
      `${name} is a nested cluster's Application: change the cluster with the cluster templates`,
    );
  return component;
}

/** The Helm chart source of an Application, as a path into its document. */
function chartSourcePath(application: any): Array<string | number> | undefined {
  if (application.spec?.source?.chart) return ['spec', 'source'];
  const index = (application.spec?.sources ?? []).findIndex(
    (s: any) => s?.chart,
  );
  return index >= 0 ? ['spec', 'sources', index] : undefined;
}

export interface ComponentChangeRequest {
  chartVersion?: string;
  values?: Record<string, unknown>;
  syncWave?: number;
}

/**
 * Changes a component's chart version, Helm values (replacing them) or sync
 * wave, editing its Application in place. Undefined when nothing changes.
 */
export function planComponentChange(
  found: FoundComponent,
  request: ComponentChangeRequest,
): ComponentChange | undefined {
  const f = componentFields(requestZod);
  const checked = parseRequest(
    requestZod.object({
      chartVersion: f.chartVersion.optional(),
      values: f.values.optional(),
      syncWave: f.syncWave.optional(),
    }),
    request,
  );
  if (
    checked.chartVersion === undefined &&
    checked.values === undefined &&
    checked.syncWave === undefined
  )
    refuse(
      'chartVersion',
      'name a chart version, values or a sync wave to change',
    );
  const chunks = chunksOf(found.text);
  const [document] = parseAllDocuments(
    chunks[found.documentIndex],
  ) as Document[];
  const chart = chartSourcePath(found.application);
  const words: string[] = [];
  const onMerge: string[] = [];
  if (checked.chartVersion !== undefined || checked.values !== undefined) {
    if (!chart)
      refuse(
        checked.chartVersion !== undefined ? 'chartVersion' : 'values',
        `${found.name} has no Helm chart source to change`,
      );
  }
  if (checked.chartVersion !== undefined) {
    const before = String(document.getIn([...chart!, 'targetRevision']) ?? '');
    if (before !== checked.chartVersion) {
      document.setIn([...chart!, 'targetRevision'], checked.chartVersion);
      words.push(
        `chart ${document.getIn([...chart!, 'chart'])} ${
          before || '(none)'
        } → ${checked.chartVersion}`,
      );
      onMerge.push(
        `Argo CD renders chart version ${checked.chartVersion} and applies the difference; the chart's upgrade notes say what else to do.`,
      );
    }
  }
  if (checked.values !== undefined) {
    const helm = [...chart!, 'helm'];
    const current =
      (document.getIn([...helm, 'valuesObject']) as any)?.toJSON?.() ?? {};
    if (
      JSON.stringify(current) !== JSON.stringify(checked.values) ||
      document.hasIn([...helm, 'values'])
    ) {
      if (document.hasIn([...helm, 'values']))
        document.deleteIn([...helm, 'values']);
      document.setIn(
        [...helm, 'valuesObject'],
        document.createNode(checked.values),
      );
      words.push('Helm values replaced');
      onMerge.push(
        'Argo CD renders the chart with the new values and applies the difference.',
      );
    }
  }
  if (checked.syncWave !== undefined) {
    const path = ['metadata', 'annotations', SYNC_WAVE_ANNOTATION];
    const before = document.getIn(path);
    if (String(before ?? '0') !== String(checked.syncWave)) {
      document.setIn(path, String(checked.syncWave));
      words.push(`sync wave ${before ?? 0} → ${checked.syncWave}`);
      onMerge.push(
        `From the next sync of its parent, ${found.name} is applied in wave ${checked.syncWave}.`,
      );
    }
  }
  if (words.length === 0) return undefined;
  if (document.errors.length)
    refuse(found.path, `does not parse: ${document.errors[0].message}`);
  chunks[found.documentIndex] = document.toString({
    lineWidth: 0,
    indentSeq: true,
  });
  return {
    textFiles: new Map([[found.path, chunks.join('---\n')]]),
    deletions: [],
    summary: words.join('; '),
    onMerge,
    notes: [
      {
        path: found.path,
        change: 'changed',
        why: `the Application ${found.name}: ${words.join('; ')}`,
      },
    ],
  };
}

/**
 * Removes a component: its Application (the file, or its document in a
 * file of several). What else goes on merge depends on Argo CD's resources
 * finalizer, and the pull request says which.
 */
export function planComponentRemoval(found: FoundComponent): ComponentChange {
  const chunks = chunksOf(found.text);
  const finalizer = (found.application.metadata.finalizers ?? []).some(
    (f: string) => f.startsWith('resources-finalizer.argocd.argoproj.io'),
  );
  const namespace = found.application.spec?.destination?.namespace;
  const rest = chunks.filter((_, i) => i !== found.documentIndex);
  const keepsOthers = rest.some(c => c.trim() !== '');
  return {
    textFiles: keepsOthers
      ? new Map([[found.path, rest.join('---\n')]])
      : new Map(),
    deletions: keepsOthers ? [] : [found.path],
    summary: `removes ${found.name} (${found.domain})`,
    onMerge: [
      `Argo CD's parent Application prunes the Application ${found.name}.`,
      finalizer
        ? `Its resources finalizer deletes everything it deployed${
            namespace ? ` (in ${namespace} and cluster-wide)` : ''
          }; data on its volumes is lost unless their reclaim policy keeps them.`
        : `It has no resources finalizer: what it deployed keeps running, unmanaged, until someone deletes it.`,
    ],
    notes: [
      {
        path: found.path,
        change: keepsOthers ? 'changed' : 'removed',
        why: `the Application ${found.name}`,
      },
    ],
  };
}
