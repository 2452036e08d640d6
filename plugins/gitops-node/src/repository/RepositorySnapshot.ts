import { SkippedFile } from './readArchive';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The whole repository at one commit, in memory; read-only. */
export class RepositorySnapshot {
  constructor(
    /** The commit (or, for a directory, a digest of its files). */
    readonly revision: string,
    /** Every readable file: repository path to bytes. */
    readonly files: ReadonlyMap<string, Buffer>,
    /** Files that are not in `files`, and why. */
    readonly skipped: readonly SkippedFile[],
  ) {}

  /** Paths of the files, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  /** A file as UTF-8 text; undefined when it is absent or not valid UTF-8. */
  text(path: string): string | undefined {
    const content = this.files.get(path);
    if (content === undefined) return undefined;
    try {
      return decoder.decode(content);
    } catch {
      return undefined;
    }
  }
}
