import infraHealthPlugin from '@proficientnow/backstage-plugin-infra-health';
import fs from 'node:fs';
import path from 'node:path';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/*
 * With `app.packages: all` the build discovers every dependency of this
 * package whose role is frontend-plugin and installs its default export;
 * App.tsx lists only the app's own modules. This keeps our plugins on that
 * path.
 */
describe('plugins discovered through app.packages', () => {
  it('finds the health plugin: a frontend-plugin dependency whose default export is the plugin', () => {
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
    expect(infraHealthPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(infraHealthPlugin.pluginId).toBe('infra-health');
  });
});
