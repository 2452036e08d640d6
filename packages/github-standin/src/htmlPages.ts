import { DiffEntry } from './GitRepository';
import { PullRequestLive, PullRequestRecord, RepoRecord } from './StandinState';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
.state { display: inline-block; padding: .2rem .6rem; border-radius: 1rem; color: #fff; background: #1f883d; }
.state.closed { background: #cf222e; } .state.merged { background: #8250df; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; white-space: pre-wrap; }
li { margin: .2rem 0; } .add { color: #1f883d; } .del { color: #cf222e; }
.note { color: #59636e; font-size: .85rem; }
</style>
</head>
<body>
${body}
<p class="note">Served by the GitHub stand-in used for tests and local development.</p>
</body>
</html>
`;
}

/** The pull request as a person following `html_url` sees it. */
export function pullRequestPage(
  repo: RepoRecord,
  pr: PullRequestRecord,
  live: PullRequestLive,
): string {
  let state: string = pr.state;
  if (pr.mergedAt) state = 'merged';
  else if (pr.draft && pr.state === 'open') state = 'draft';
  const files = live.files
    .map(
      (f: DiffEntry) =>
        `<li><code>${escapeHtml(f.path)}</code> ${escapeHtml(f.status)} ` +
        `<span class="add">+${f.additions}</span> <span class="del">-${f.deletions}</span></li>`,
    )
    .join('\n');
  const list = (items: string[]) =>
    items.length ? items.map(escapeHtml).join(', ') : 'none';
  return page(
    `${pr.title} · Pull Request #${pr.number} · ${repo.owner}/${repo.name}`,
    `<p><a href="../../${encodeURIComponent(repo.name)}">${escapeHtml(
      `${repo.owner}/${repo.name}`,
    )}</a></p>
<h1 id="title">${escapeHtml(pr.title)} <span class="number">#${
      pr.number
    }</span></h1>
<p><span class="state ${state}" id="state">${state}</span>
${escapeHtml(pr.user)} wants to merge into <code>${escapeHtml(
      pr.baseRef,
    )}</code> from <code>${escapeHtml(
      `${pr.headRepo.owner}:${pr.headRef}`,
    )}</code> (${live.commits} commit${
      live.commits === 1 ? '' : 's'
    }, head <code>${live.headSha.slice(0, 7)}</code>)</p>
<p>Labels: ${list(pr.labels)} · Reviewers: ${list([
      ...pr.requestedReviewers,
      ...pr.requestedTeams.map(t => `team ${t}`),
    ])}</p>
<h2>Description</h2>
<pre id="body">${escapeHtml(pr.body ?? '')}</pre>
<h2>Files changed (${live.files.length})</h2>
<ul id="files">
${files}
</ul>`,
  );
}

/** A repository's landing page: branches and open pull requests. */
export function repositoryPage(
  repo: RepoRecord,
  branches: string[],
  baseHref: string,
): string {
  const pulls = repo.pulls
    .filter(pr => pr.state === 'open')
    .map(
      pr =>
        `<li><a href="${baseHref}/pull/${pr.number}">#${pr.number} ${escapeHtml(
          pr.title,
        )}</a></li>`,
    )
    .join('\n');
  return page(
    `${repo.owner}/${repo.name}`,
    `<h1>${escapeHtml(`${repo.owner}/${repo.name}`)}</h1>
<h2>Branches</h2>
<ul>${branches.map(b => `<li><code>${escapeHtml(b)}</code></li>`).join('')}</ul>
<h2>Open pull requests</h2>
<ul>${pulls || '<li>none</li>'}</ul>`,
  );
}

/** A neutral avatar so `avatar_url` links resolve. */
export function avatarSvg(login: string): string {
  const letter = escapeHtml((login[0] ?? '?').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#8c959f"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
}
