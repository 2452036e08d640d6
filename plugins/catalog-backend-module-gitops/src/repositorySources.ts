import { GitOpsRepositoryReader } from '@proficientnow/backstage-plugin-gitops-node';

/** What a refresh reads: either "nothing moved", or the repository's text files that may matter. */
export type RepositoryRead =
  | { unchanged: true; revision: string }
  | {
      unchanged: false;
      revision: string;
      /** YAML and JSON files (JSON for ApplicationSet git file generators), as text. */
      files: Map<string, string>;
      /** Every path at this revision, for git directory generators and Helm charts. */
      paths: string[];
      /** YAML and JSON files that were not read, with the reason. */
      skipped: Array<{ path: string; reason: string }>;
    };

export interface RepositorySource {
  /** Reads the repository unless it is still at `lastRevision`. */
  read(lastRevision: string | undefined): Promise<RepositoryRead>;
  describe(): string;
  fileUrl(filePath: string): string;
  /** The repository's clone URL, for ApplicationSet git generators; undefined if not known. */
  repoURL?(): string | undefined;
}

/** Files the provider may read: YAML for Argo CD objects, JSON for git file generators. */
export function isTextFileOfInterest(filePath: string): boolean {
  return /\.(ya?ml|json)$/i.test(filePath);
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
      maxFileBytes: number;
      repoURL?: string;
    },
  ) {}

  describe() {
    return this.options.reader.describe();
  }

  fileUrl(filePath: string) {
    return this.options.reader.fileUrl(filePath);
  }

  repoURL() {
    return this.options.repoURL;
  }

  async read(lastRevision: string | undefined): Promise<RepositoryRead> {
    const { reader, maxFileBytes } = this.options;
    const revision = await reader.head();
    if (revision === lastRevision) return { unchanged: true, revision };
    const snapshot = await reader.snapshot(revision);
    const files = new Map<string, string>();
    const skipped: Array<{ path: string; reason: string }> = [];
    const paths = snapshot.paths();
    for (const path of paths) {
      if (!isTextFileOfInterest(path)) continue;
      const size = snapshot.files.get(path)!.length;
      if (size > maxFileBytes) {
        skipped.push({
          path,
          reason: `larger than ${maxFileBytes} bytes (${size})`,
        });
        continue;
      }
      const text = snapshot.text(path);
      if (text === undefined) skipped.push({ path, reason: 'not UTF-8 text' });
      else if (text.includes('\u0000'))
        skipped.push({ path, reason: 'binary content (NUL bytes)' });
      else files.set(path, text);
    }
    for (const item of snapshot.skipped) {
      if (isTextFileOfInterest(item.path)) skipped.push(item);
    }
    return { unchanged: false, revision, files, paths, skipped };
  }
}
