import { ConfigReader } from '@backstage/config';
import { createGitOpsRepositoryService } from './GitOpsRepositoryService';

describe('createGitOpsRepositoryService', () => {
  const NOT_CONFIGURED =
    /^gitops\.repository\.url is not configured: set it to your GitOps repository/;

  it('refuses to read or write any repository until gitops.repository.url names one', async () => {
    const service = createGitOpsRepositoryService(new ConfigReader({}));
    expect(service.config.repositoryConfigured).toBe(false);
    expect(() => service.reader()).toThrow(NOT_CONFIGURED);
    await expect(service.client()).rejects.toThrow(NOT_CONFIGURED);
    await expect(service.publisher()).rejects.toThrow(NOT_CONFIGURED);
  });

  it('reads the named repository', () => {
    const service = createGitOpsRepositoryService(
      new ConfigReader({
        gitops: {
          repository: { url: 'https://github.local/acme/platform-gitops' },
        },
      }),
    );
    expect(service.config.repository).toMatchObject({
      owner: 'acme',
      repo: 'platform-gitops',
    });
    expect(service.reader()).toBeDefined();
  });
});
