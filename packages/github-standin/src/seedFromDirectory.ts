import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RepoSeed } from './StandinState';

async function readTree(
  root: string,
  dir: string,
  files: Record<string, Buffer>,
): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readTree(root, full, files);
    else if (entry.isFile() || entry.isSymbolicLink()) {
      files[path.relative(root, full).split(path.sep).join('/')] =
        await fs.readFile(full);
    }
  }
}

/**
 * Repositories from a directory laid out as `<dir>/<owner>/<repo>/<files>`:
 * every second-level directory becomes a repository whose `main` branch
 * holds its files.
 */
export async function seedFromDirectory(dir: string): Promise<RepoSeed[]> {
  const seeds: RepoSeed[] = [];
  for (const owner of await fs.readdir(dir, { withFileTypes: true })) {
    if (!owner.isDirectory() || owner.name.startsWith('.')) continue;
    const ownerDir = path.join(dir, owner.name);
    for (const repo of await fs.readdir(ownerDir, { withFileTypes: true })) {
      if (!repo.isDirectory() || repo.name.startsWith('.')) continue;
      const repoDir = path.join(ownerDir, repo.name);
      const files: Record<string, Buffer> = {};
      await readTree(repoDir, repoDir, files);
      seeds.push({ owner: owner.name, name: repo.name, files });
    }
  }
  return seeds;
}
