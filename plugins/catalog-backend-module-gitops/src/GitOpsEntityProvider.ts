import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { GitOpsLayout } from '@internal/plugin-gitops-common';
import { RepositorySource } from './repositorySources';
import {
  EntityRule,
  repositoryToEntities,
  RepositoryMapping,
  SkippedInput,
} from './repositoryToEntities';

const LOCATION_KEY = 'gitops-repository';

export interface RefreshResult {
  unchanged: boolean;
  revision: string;
  entities: number;
  skipped: SkippedInput[];
  unresolvedOwners: RepositoryMapping['unresolvedOwners'];
}

/**
 * Keeps the catalog in step with the GitOps repository: every refresh
 * replaces the provider's whole set of entities (a full mutation), so an
 * Application removed from Git disappears from the catalog. When the
 * repository has not moved since the last refresh, nothing is parsed and
 * nothing is sent to the catalog.
 */
export class GitOpsEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** Resolves when the catalog connects; a refresh scheduled before that waits for it. */
  private readonly connected: Promise<EntityProviderConnection>;
  private resolveConnected!: (connection: EntityProviderConnection) => void;
  private lastRevision?: string;
  private lastResult?: RefreshResult;
  /** The files of the last read, kept while some owner did not resolve (the groups may arrive later). */
  private pendingFiles?: Map<string, string>;
  private pendingTooLarge: string[] = [];

  constructor(
    private readonly options: {
      source: RepositorySource;
      layout: GitOpsLayout;
      logger: LoggerService;
      rules?: EntityRule[];
      maxFileBytes: number;
      /** Group names the catalog knows (lowercase); undefined skips the owner check. */
      knownGroups?: () => Promise<Set<string> | undefined>;
    },
  ) {
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
    const read = await this.options.source.read(this.lastRevision);
    if (read.unchanged) {
      // nothing moved in Git; only owners that did not resolve last time are worth another look
      if (this.pendingFiles && (await this.ownersResolveNow())) {
        return this.ingest(
          read.revision,
          this.pendingFiles,
          this.pendingTooLarge,
        );
      }
      this.lastResult = {
        ...(this.lastResult ?? {
          entities: 0,
          skipped: [],
          unresolvedOwners: [],
        }),
        unchanged: true,
        revision: read.revision,
      };
      return this.lastResult;
    }
    return this.ingest(
      read.revision,
      read.files,
      read.tooLarge,
      read.skipped ?? [],
    );
  }

  /** True when some owner that did not resolve at the last ingest is a known group now. */
  private async ownersResolveNow(): Promise<boolean> {
    const known = await this.options.knownGroups?.().catch(() => undefined);
    if (!known) return false;
    return (this.lastResult?.unresolvedOwners ?? []).some(({ owner }) =>
      known.has(
        owner
          .replace(/^group:/, '')
          .replace(/^[^/]+\//, '')
          .toLowerCase(),
      ),
    );
  }

  private async ingest(
    revision: string,
    files: Map<string, string>,
    tooLarge: string[],
    unreadable: SkippedInput[] = [],
  ): Promise<RefreshResult> {
    const read = { revision, files, tooLarge };
    const connection = this.connection!;
    const knownGroups = await this.options.knownGroups?.().catch(error => {
      this.options.logger.warn(
        `could not list the catalog's groups, owners are not checked this time: ${error}`,
      );
      return undefined;
    });
    const mapping = repositoryToEntities(read.files, {
      layout: this.options.layout,
      knownGroups,
      rules: this.options.rules,
      maxFileBytes: this.options.maxFileBytes,
      fileUrl: p => this.options.source.fileUrl(p),
    });
    const skipped = [
      ...read.tooLarge.map(p => ({
        path: p,
        reason: `larger than ${this.options.maxFileBytes} bytes`,
      })),
      ...unreadable,
      ...mapping.skipped,
    ];
    for (const item of skipped) {
      this.options.logger.warn(
        `GitOps repository ${this.options.source.describe()}: skipped ${
          item.path
        }: ${item.reason}`,
      );
    }
    for (const { owner, entity } of mapping.unresolvedOwners) {
      this.options.logger.warn(
        `GitOps repository: ${entity} names owner '${owner}', which is not a group in the catalog; the entity keeps it and is annotated platform.proficientnow.io/owner-unresolved`,
      );
    }
    const locationKey = `${LOCATION_KEY}:${this.options.source.describe()}`;
    await connection.applyMutation({
      type: 'full',
      entities: mapping.entities.map(entity => ({
        locationKey,
        entity: {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'backstage.io/managed-by-location': `url:${this.options.source.fileUrl(
                entity.metadata.annotations?.[
                  'platform.proficientnow.io/gitops-path'
                ] ?? '',
              )}`,
              'backstage.io/managed-by-origin-location': `url:${this.options.source.fileUrl(
                '',
              )}`,
            },
          },
        },
      })),
    });
    this.lastRevision = read.revision;
    this.pendingFiles = mapping.unresolvedOwners.length
      ? read.files
      : undefined;
    this.pendingTooLarge = read.tooLarge;
    this.lastResult = {
      unchanged: false,
      revision: read.revision,
      entities: mapping.entities.length,
      skipped,
      unresolvedOwners: mapping.unresolvedOwners,
    };
    this.options.logger.info(
      `GitOps repository ${this.options.source.describe()} at ${read.revision.slice(
        0,
        12,
      )}: ${mapping.entities.length} entities, ${skipped.length} files skipped`,
    );
    return this.lastResult;
  }
}
