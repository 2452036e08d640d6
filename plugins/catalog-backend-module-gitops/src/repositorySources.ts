import { GitOpsRepositoryReader } from '@internal/plugin-gitops-node';

/** What a refresh reads: either "nothing moved", or the files that may hold entities. */
export type RepositoryRead =
  | { unchanged: true; revision: string }
  | {
      unchanged: false;
      revision: string;
      files: Map<string, string>;
      /** Files that may hold entities but were not read, with the reason. */
      tooLarge: string[];
      skipped?: Array<{ path: string; reason: string }>;
    };

export interface RepositorySource {
  /** Reads the repository unless it is still at `lastRevision`. */
  read(lastRevision: string | undefined): Promise<RepositoryRead>;
  describe(): string;
  fileUrl(filePath: string): string;
}

/** Files the provider reads: Applications, and each nested cluster's namespace. */
export function isEntityFile(
  filePath: string,
  appsPath: string,
  clustersPath: string,
): boolean {
  if (!/\.ya?ml$/.test(filePath)) return false;
  return (
    filePath.startsWith(`${appsPath}/`) ||
    (filePath.startsWith(`${clustersPath}/`) &&
      filePath.endsWith('/namespace.yaml'))
  );
}

/**
 * The repository through the GitOps repository reader of gitops-node: an
 * unmoved head costs one request; a moved one a single archive download of
 * the whole tree, shared with every other reader of that commit.
 */
export class ReaderRepositorySource implements RepositorySource {
  constructor(
    private readonly options: {
      reader: GitOpsRepositoryReader;
      appsPath: string;
      clustersPath: string;
      maxFileBytes: number;
    },
  ) {}

  describe() {
    return this.options.reader.describe();
  }

  fileUrl(filePath: string) {
    return this.options.reader.fileUrl(filePath);
  }

  async read(lastRevision: string | undefined): Promise<RepositoryRead> {
    const { reader, appsPath, clustersPath, maxFileBytes } = this.options;
    const revision = await reader.head();
    if (revision === lastRevision) return { unchanged: true, revision };
    const snapshot = await reader.snapshot(revision);
    const files = new Map<string, string>();
    const tooLarge: string[] = [];
    const skipped: Array<{ path: string; reason: string }> = [];
    for (const path of snapshot.paths()) {
      if (!isEntityFile(path, appsPath, clustersPath)) continue;
      const size = snapshot.files.get(path)!.length;
      if (size > maxFileBytes) {
        tooLarge.push(path);
        continue;
      }
      const text = snapshot.text(path);
      if (text === undefined) skipped.push({ path, reason: 'not UTF-8 text' });
      else files.set(path, text);
    }
    for (const item of snapshot.skipped)
      if (isEntityFile(item.path, appsPath, clustersPath)) skipped.push(item);
    return { unchanged: false, revision, files, tooLarge, skipped };
  }
}
