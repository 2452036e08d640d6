import { RepoRecord, StandinState } from './StandinState';

/**
 * Where the stand-in serves what codeload.github.com serves on GitHub (the
 * path GitHub Enterprise Server uses for it). It is not part of the REST API.
 */
export const CODELOAD_PREFIX = '/_codeload';

/** An answer of the download host: not JSON, not checked against the API description. */
export interface CodeloadAnswer {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Buffer | string;
}

const NOT_FOUND: CodeloadAnswer = {
  status: 404,
  contentType: 'text/plain; charset=utf-8',
  headers: {},
  body: '404: Not Found',
};

/** `<owner>-<repo>-<first 7 of sha>`: GitHub's name for a commit's tarball and its top directory. */
export function archiveName(repo: RepoRecord, sha: string): string {
  return `${repo.owner}-${repo.name}-${sha.slice(0, 7)}`;
}

/** The download URL of a commit's tarball on the stand-in at `origin`. */
export function tarballUrl(
  origin: string,
  repo: RepoRecord,
  sha: string,
): string {
  const owner = encodeURIComponent(repo.owner);
  const name = encodeURIComponent(repo.name);
  return `${origin}${CODELOAD_PREFIX}/${owner}/${name}/legacy.tar.gz/${sha}`;
}

/** Whether a request path (without the API prefix) is a download. */
export function isCodeloadPath(pathname: string): boolean {
  return pathname.startsWith(`${CODELOAD_PREFIX}/`);
}

/**
 * Answers `GET /_codeload/{owner}/{repo}/legacy.tar.gz/{ref}` the way
 * codeload.github.com does: `git archive` of the commit as a gzipped tar
 * under `<owner>-<repo>-<sha7>/`, or a plain-text 404.
 */
export async function serveCodeload(
  state: StandinState,
  method: string,
  pathname: string,
): Promise<CodeloadAnswer> {
  if (method !== 'GET' && method !== 'HEAD') return NOT_FOUND;
  let segments: string[];
  try {
    segments = pathname
      .slice(CODELOAD_PREFIX.length + 1)
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return NOT_FOUND;
  }
  const [owner, name, format, ...ref] = segments;
  if (!owner || !name || format !== 'legacy.tar.gz' || ref.length === 0) {
    return NOT_FOUND;
  }
  const repo = state.repo(owner, name);
  const sha = repo && (await repo.git.resolveCommit(ref.join('/')));
  if (!repo || !sha) return NOT_FOUND;
  const archive = archiveName(repo, sha);
  return {
    status: 200,
    contentType: 'application/x-gzip',
    headers: {
      'content-disposition': `attachment; filename=${archive}.tar.gz`,
    },
    body: await repo.git.archiveTarGz(sha, `${archive}/`),
  };
}
