import path from 'node:path';

/**
 * The two modules of @backstage/plugin-events-backend-module-github (the
 * event router and the signed webhook ingress). Its default export is a
 * feature loader that imports them dynamically, which Jest's sandbox cannot
 * run; these are the same files, required directly.
 */
export function githubEventsModules() {
  const dist = path.dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return ['eventsModuleGithubEventRouter', 'eventsModuleGithubWebhook'].map(
    name =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(dist, 'service', `${name}.cjs.js`)).default,
  );
}
