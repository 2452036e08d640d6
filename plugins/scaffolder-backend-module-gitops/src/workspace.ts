import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  RenderedFile,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes rendered files under `<workspace>/<targetPath>`; returns the repository paths written. */
export async function writeRenderedFiles(
  workspacePath: string,
  targetPath: string,
  files: RenderedFile[],
  extra: Map<string, string> = new Map(),
): Promise<string[]> {
  const root = resolveSafeChildPath(workspacePath, targetPath);
  const serialized = serializeFiles(files);
  for (const [file, content] of extra) serialized.set(file, content);
  for (const [file, content] of serialized) {
    const target = resolveSafeChildPath(root, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }
  return [...serialized.keys()].sort();
}

/** Reads every file under `<workspace>/<sourcePath>` as repository path -> content. */
export async function readWorkspaceFiles(
  workspacePath: string,
  sourcePath: string,
): Promise<Map<string, string>> {
  const root = resolveSafeChildPath(workspacePath, sourcePath);
  const files = new Map<string, string>();
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(full);
      } else if (entry.isFile()) {
        files.set(
          path.relative(root, full).split(path.sep).join('/'),
          await fs.readFile(full, 'utf8'),
        );
      }
    }
  }
  // a change that only deletes (retiring a cluster) writes no files
  const exists = await fs.stat(root).then(
    stat => stat.isDirectory(),
    () => false,
  );
  if (exists) await walk(root);
  return files;
}
