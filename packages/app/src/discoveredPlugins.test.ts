import infraHealthPlugin from '@proficientnow/backstage-plugin-infra-health/alpha';
import fs from 'node:fs';
import path from 'node:path';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/*
 * With `app.packages: all` the build discovers every dependency of this
 * package whose role is frontend-plugin and installs the default export of
 * its main entry and, when its package.json exports "./alpha", of that entry
 * too (features only: a legacy plugin or no default is skipped); App.tsx
 * lists only the app's own modules. This keeps our plugins on that path.
 */
describe('plugins discovered through app.packages', () => {
  it('finds the health plugin: a frontend-plugin dependency whose ./alpha default export is the plugin', () => {
    const app = readJson(path.resolve(__dirname, '../package.json'));
    expect(
      app.dependencies['@proficientnow/backstage-plugin-infra-health'],
    ).toBe('workspace:^');
    const plugin = readJson(
      require.resolve(
        '@proficientnow/backstage-plugin-infra-health/package.json',
      ),
    );
    expect(plugin.backstage).toMatchObject({
      role: 'frontend-plugin',
      pluginId: 'infra-health',
    });
    // the CLI adds an entry's default export only for "./alpha" in exports
    expect(Object.keys(plugin.exports)).toContain('./alpha');
    expect(infraHealthPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(infraHealthPlugin.pluginId).toBe('infra-health');
  });
});
