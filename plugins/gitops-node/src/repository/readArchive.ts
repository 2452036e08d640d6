import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, ReadEntry } from 'tar';

/** Limits on what one archive may hold: the repository is someone else's content. */
export interface ArchiveLimits {
  /** A file larger than this is skipped with its reason; default 512 KiB. */
  maxFileBytes: number;
  /** The whole unpacked content; a larger archive is refused. Default 256 MiB. */
  maxTotalBytes: number;
  /** Entries in the archive; more are refused. Default 100,000. */
  maxEntries: number;
  /** A path longer than this is skipped; default 1,024 characters. */
  maxPathLength: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntries: 100_000,
  maxPathLength: 1024,
};

/** A file of the archive that is not handed out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface UnpackedArchive {
  /** Repository path (the archive's top folder removed) to content. */
  files: Map<string, Buffer>;
  skipped: SkippedFile[];
}

/** Thrown for an archive that cannot be read at all (too large, too many entries, not a tar). */
export class ArchiveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveRefusedError';
  }
}

const REGULAR_FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_TYPES = new Set(['SymbolicLink', 'Link']);

/** Why an entry is not handed out, or undefined when it is. */
function reasonToSkip(
  type: string,
  path: string,
  size: number,
  limit: ArchiveLimits,
): string | undefined {
  if (path.length > limit.maxPathLength)
    return `the path is longer than ${limit.maxPathLength} characters`;
  if (LINK_TYPES.has(type)) return 'a link, not a file';
  if (!REGULAR_FILE_TYPES.has(type)) return `not a regular file (${type})`;
  if (size > limit.maxFileBytes)
    return `larger than ${limit.maxFileBytes} bytes (${size})`;
  return undefined;
}

/**
 * Unpacks a (gzipped) tar archive of a repository in memory, the way GitHub
 * serves one: every entry under a single top folder
 * (`<owner>-<repo>-<sha>/`), which is removed from the paths. Only regular
 * files are handed out; links, oversized files and overlong paths are
 * skipped with their reason, and an archive over the total limits is
 * refused before it fills the memory.
 */
export async function unpackRepositoryArchive(
  archive: Buffer,
  limits: Partial<ArchiveLimits> = {},
): Promise<UnpackedArchive> {
  const limit = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const files = new Map<string, Buffer>();
  const skipped: SkippedFile[] = [];
  let entries = 0;
  let total = 0;
  let refused: ArchiveRefusedError | undefined;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      entries++;
      if (refused) {
        entry.resume();
        return;
      }
      if (entries > limit.maxEntries) {
        refused = new ArchiveRefusedError(
          `the repository archive has more than ${limit.maxEntries} entries`,
        );
        entry.resume();
        return;
      }
      const slash = entry.path.indexOf('/');
      const path =
        slash >= 0 ? entry.path.slice(slash + 1).replace(/\/$/, '') : '';
      if (!path || entry.type === 'Directory') {
        entry.resume();
        return;
      }
      const size = entry.size ?? 0;
      const skipReason = reasonToSkip(entry.type, path, size, limit);
      if (skipReason) {
        skipped.push({ path, reason: skipReason });
        entry.resume();
        return;
      }
      total += size;
      if (total > limit.maxTotalBytes) {
        refused = new ArchiveRefusedError(
          `the repository holds more than ${limit.maxTotalBytes} bytes of files`,
        );
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(path, Buffer.concat(chunks)));
    },
  });
  let warning: string | undefined;
  parser.on('warn', (code: string, message: string) => {
    // a damaged archive is refused as a whole: what it would hand out cannot be trusted
    if (
      code === 'TAR_BAD_ARCHIVE' ||
      code === 'TAR_ABORT' ||
      code === 'ZLIB_ERROR'
    )
      warning ??= `${code}: ${message}`;
  });
  try {
    await pipeline(Readable.from([archive]), parser);
  } catch (error) {
    throw new ArchiveRefusedError(
      `the repository archive is damaged (${(error as Error).message})`,
    );
  }
  if (refused) throw refused;
  if (warning)
    throw new ArchiveRefusedError(
      `the repository archive is damaged (${warning})`,
    );
  return { files, skipped };
}
