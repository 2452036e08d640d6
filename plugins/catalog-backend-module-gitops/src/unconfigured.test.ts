import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { LoggerService } from '@backstage/backend-plugin-api';
import gitopsProvider from './index';

it('without gitops.repository.url the provider reads nothing and says which key to set', async () => {
  const warnings: string[] = [];
  const logger: LoggerService = {
    error: () => {},
    info: () => {},
    debug: () => {},
    warn: (message: string) => {
      warnings.push(message);
    },
    child: () => logger,
  };
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      gitopsProvider,
      mockServices.logger.mock(logger).factory,
      mockServices.rootConfig.factory({
        data: { catalog: { rules: [{ allow: ['Resource'] }] } },
      }),
    ],
  });
  try {
    expect(warnings).toContainEqual(
      expect.stringContaining(
        'gitops.repository.url is not configured: the GitOps repository is not read into the catalog',
      ),
    );
  } finally {
    await server.stop();
  }
});
