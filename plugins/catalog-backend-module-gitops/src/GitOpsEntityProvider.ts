import { Entity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { ArgoCluster } from './ingest/applicationSets';
import { DiscoveryOptions, fileSelector } from './ingest/discovery';
import { normalizeRef } from './ingest/metadata';
import { inventoryFingerprint, LiveInventory } from './ingest/live';
import { LiveApplicationSource } from './liveSource';
import { RepositorySource } from './repositorySources';
import {
  EntityRule,
  IngestionCounts,
  repositoryToEntities,
  RepositoryMapping,
  SkippedInput,
} from './repositoryToEntities';
import { ingestionSummaryEntity, skippedByReason } from './ingestionSummary';

const LOCATION_KEY = 'gitops-repository';

export interface RefreshResult {
  unchanged: boolean;
  revision: string;
  entities: number;
  skipped: SkippedInput[];
  unresolvedOwners: RepositoryMapping['unresolvedOwners'];
  unresolvedRelations: RepositoryMapping['unresolvedRelations'];
  counts?: IngestionCounts;
}

export interface GitOpsEntityProviderOptions {
  source: RepositorySource;
  logger: LoggerService;
  discovery?: DiscoveryOptions;
  rules?: EntityRule[];
  defaultOwner?: string;
  clusters?: ArgoCluster[];
  maxFileBytes: number;
  /** The Applications Argo CD holds, merged with Git (not deployed, rendered, drift). */
  live?: LiveApplicationSource;
  /**
   * Refs (`kind:namespace/name`, lowercase) the catalog holds, for owners and
   * relations; undefined skips the check.
   */
  knownEntities?: () => Promise<Set<string> | undefined>;
}

/**
 * Keeps the catalog in step with the GitOps repository: every refresh
 * replaces the provider's whole set of entities (a full mutation), so an
 * Application removed from Git disappears from the catalog. When the
 * repository has not moved since the last refresh, nothing is parsed and
 * nothing is sent to the catalog. Each refresh also emits a summary entity
 * (what was read, what was skipped and why) a person can open in the portal.
 */
export class GitOpsEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** Resolves when the catalog connects; a refresh scheduled before that waits for it. */
  private readonly connected: Promise<EntityProviderConnection>;
  private resolveConnected!: (connection: EntityProviderConnection) => void;
  private lastRevision?: string;
  private lastResult?: RefreshResult;
  /** The last read of the repository: ingested again when only the live side or the catalog moved. */
  private lastRead?: Extract<
    Awaited<ReturnType<RepositorySource['read']>>,
    { unchanged: false }
  >;
  /** True while some owner or relation did not resolve (its target may arrive later). */
  private pending = false;
  private lastLive = inventoryFingerprint(undefined);

  constructor(private readonly options: GitOpsEntityProviderOptions) {
    this.connected = new Promise(resolve => {
      this.resolveConnected = resolve;
    });
  }

  getProviderName(): string {
    return 'gitops-repository';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    this.resolveConnected(connection);
  }

  /** The outcome of the last refresh, for diagnostics. */
  status(): RefreshResult | undefined {
    return this.lastResult;
  }

  async refresh(): Promise<RefreshResult> {
    // a refresh scheduled before the catalog connected waits for it, quietly
    await this.connected;
    const [read, live] = await Promise.all([
      this.options.source.read(this.lastRevision),
      this.options.live?.read(),
    ]);
    if (read.unchanged && this.lastRead) {
      // nothing moved in Git: the live side, or references that did not resolve, may have
      if (inventoryFingerprint(live) !== this.lastLive) {
        return this.ingest(this.lastRead, live);
      }
      if (this.pending && (await this.referencesResolveNow())) {
        return this.ingest(this.lastRead, live);
      }
      this.lastResult = {
        ...(this.lastResult ?? {
          entities: 0,
          skipped: [],
          unresolvedOwners: [],
          unresolvedRelations: [],
        }),
        unchanged: true,
        revision: read.revision,
      };
      return this.lastResult;
    }
    if (read.unchanged) {
      // a source answers "unchanged" only for the revision this provider ingested
      throw new Error(
        `the repository source answered unchanged at ${read.revision} before any read`,
      );
    }
    return this.ingest(read, live);
  }

  /** True when some owner or relation target that did not resolve at the last ingest exists now. */
  private async referencesResolveNow(): Promise<boolean> {
    const known = await this.options.knownEntities?.().catch(() => undefined);
    if (!known) return false;
    const last = this.lastResult;
    return (
      (last?.unresolvedOwners ?? []).some(({ owner }) =>
        known.has(
          owner.includes(':')
            ? owner.toLowerCase()
            : `group:default/${owner.toLowerCase()}`,
        ),
      ) ||
      (last?.unresolvedRelations ?? []).some(({ target }) => known.has(target))
    );
  }

  private async ingest(
    read: NonNullable<GitOpsEntityProvider['lastRead']>,
    live: LiveInventory | undefined,
  ): Promise<RefreshResult> {
    const { source, logger } = this.options;
    const connection = this.connection!;
    const knownEntities = await this.options.knownEntities?.().catch(error => {
      logger.warn(
        `could not list the catalog's entities, owners and relations are not checked this time: ${error}`,
      );
      return undefined;
    });
    const mapping = repositoryToEntities(read.files, {
      discovery: this.options.discovery,
      knownEntities,
      rules: this.options.rules,
      defaultOwner: this.options.defaultOwner,
      clusters: this.options.clusters,
      maxFileBytes: this.options.maxFileBytes,
      repoURL: source.repoURL?.(),
      paths: read.paths,
      fileUrl: p => source.fileUrl(p),
      live,
    });
    // what the reader could not hand over counts only where discovery would have looked
    const selected = fileSelector(
      this.options.discovery ?? { include: [], exclude: [] },
    );
    const skipped = [
      ...read.skipped.filter(item => selected(item.path)),
      ...mapping.skipped,
    ];
    const where = source.describe();
    if (skipped.length) {
      const shown = skipped.slice(0, 20);
      logger.warn(
        `GitOps repository ${where}: ${
          skipped.length
        } file(s) or document(s) skipped: ${shown
          .map(item => `${item.path}: ${item.reason}`)
          .join('; ')}${
          skipped.length > shown.length
            ? `; and ${
                skipped.length - shown.length
              } more (see the gitops-repository entity)`
            : ''
        }`,
      );
    }
    if (mapping.unresolvedOwners.length || mapping.unresolvedRelations.length) {
      logger.warn(
        `GitOps repository ${where}: ${[
          ...mapping.unresolvedOwners.map(
            u =>
              `${u.entity} names owner '${u.owner}', not a group in the catalog`,
          ),
          ...mapping.unresolvedRelations.map(
            u => `${u.entity} ${u.relation} ${u.target} is not in the catalog`,
          ),
        ]
          .slice(0, 20)
          .join('; ')}`,
      );
    }
    const summary = ingestionSummaryEntity({
      repository: where,
      url: source.fileUrl(''),
      revision: read.revision,
      counts: mapping.counts,
      entities: mapping.entities.length,
      skipped,
      unresolved:
        mapping.unresolvedOwners.length + mapping.unresolvedRelations.length,
      owner: this.options.defaultOwner
        ? normalizeRef(this.options.defaultOwner, 'group')
        : undefined,
    });
    const locationKey = `${LOCATION_KEY}:${where}`;
    const managed = (entity: Entity): Entity => ({
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': `url:${source.fileUrl(
            entity.metadata.annotations?.[
              'platform.proficientnow.io/gitops-path'
            ] ?? '',
          )}`,
          'backstage.io/managed-by-origin-location': `url:${source.fileUrl(
            '',
          )}`,
        },
      },
    });
    await connection.applyMutation({
      type: 'full',
      entities: [...mapping.entities, summary].map(entity => ({
        locationKey,
        entity: managed(entity),
      })),
    });
    this.lastRevision = read.revision;
    this.lastRead = read;
    this.lastLive = inventoryFingerprint(live);
    this.pending =
      mapping.unresolvedOwners.length + mapping.unresolvedRelations.length > 0;
    this.lastResult = {
      unchanged: false,
      revision: read.revision,
      entities: mapping.entities.length,
      skipped,
      unresolvedOwners: mapping.unresolvedOwners,
      unresolvedRelations: mapping.unresolvedRelations,
      counts: mapping.counts,
    };
    const byReason = skippedByReason(skipped);
    logger.info(
      `GitOps repository ${where} at ${read.revision.slice(0, 12)}: ${
        mapping.counts.filesRead
      } files read, ${mapping.entities.length} entities (${
        mapping.counts.applications
      } Applications, ${mapping.counts.applicationSets} ApplicationSets, ${
        mapping.counts.generated
      } generated), ${skipped.length} skipped${
        skipped.length
          ? ` (${Object.entries(byReason)
              .map(([reason, n]) => `${n} ${reason}`)
              .join(', ')})`
          : ''
      }`,
    );
    return this.lastResult;
  }
}
