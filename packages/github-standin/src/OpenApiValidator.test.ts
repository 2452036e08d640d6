/** @jest-environment node */
import { loadOpenApiValidator, OpenApiValidator } from './OpenApiValidator';

describe('OpenApiValidator', () => {
  let validator: OpenApiValidator;

  beforeAll(async () => {
    validator = await loadOpenApiValidator();
  });

  it('matches requests to operations, preferring literal segments', () => {
    expect(
      validator.match('GET', '/repos/o/r/git/ref/heads/feature/x'),
    ).toEqual(
      expect.objectContaining({
        operationId: 'git/get-ref',
        key: 'GET /repos/{owner}/{repo}/git/ref/{ref}',
        pathParams: { owner: 'o', repo: 'r', ref: 'heads/feature/x' },
      }),
    );
    expect(
      validator.match('GET', '/repos/o/r/commits/heads/main/status')
        ?.operationId,
    ).toBe('repos/get-combined-status-for-ref');
    expect(validator.match('GET', '/repos/o/r/commits/abc')?.operationId).toBe(
      'repos/get-commit',
    );
    expect(
      validator.match('HEAD', '/repos/o/r/contents/a%2Fb.txt')?.pathParams.path,
    ).toBe('a/b.txt');
    expect(validator.match('POST', '/repos/o/r/git/trees')?.operationId).toBe(
      'git/create-tree',
    );
    expect(validator.match('GET', '/repos/o/r/nonsense')).toBeUndefined();
    expect(validator.match('PATCH', '/rate_limit')).toBeUndefined();
  });

  it('validates and coerces parameters and bodies', () => {
    const match = validator.match('GET', '/repos/o/r/pulls')!;
    const query: Record<string, unknown> = { per_page: '5', state: 'open' };
    expect(validator.validateRequest(match, query, undefined)).toEqual([]);
    expect(query.per_page).toBe(5);
    expect(
      validator.validateRequest(match, { state: 'merged' }, undefined),
    ).toEqual([expect.objectContaining({ in: 'query', field: 'state' })]);

    const tree = validator.match('POST', '/repos/o/r/git/trees')!;
    expect(
      validator.validateRequest(
        tree,
        {},
        {
          tree: [{ path: 'a', mode: '100644', sha: null }],
        },
      ),
    ).toEqual([]);
    expect(
      validator.validateRequest(
        tree,
        {},
        {
          tree: [{ path: 'a', mode: '100600', content: 'x' }],
        },
      ),
    ).toEqual([expect.objectContaining({ pointer: '/tree/0/mode' })]);
  });

  it('finds responses that do not match the schema', () => {
    const match = validator.match('GET', '/repos/o/r/git/ref/heads/main')!;
    const good = {
      ref: 'refs/heads/main',
      node_id: 'x',
      url: 'http://127.0.0.1:1/repos/o/r/git/refs/heads/main',
      object: {
        sha: 'a'.repeat(40),
        type: 'commit',
        url: 'http://127.0.0.1:1/repos/o/r/git/commits/aaa',
      },
    };
    expect(validator.validateResponse(match, 200, good)).toEqual([]);
    expect(
      validator.validateResponse(match, 200, { ...good, object: undefined }),
    ).toEqual([expect.objectContaining({ field: 'object' })]);
    expect(validator.validateResponse(match, 201, good)).toHaveLength(1);
    // undeclared error statuses still need GitHub's error shape
    expect(
      validator.validateResponse(match, 500, { message: 'Server Error' }),
    ).toEqual([]);
    expect(validator.validateResponse(match, 500, { oops: 1 })).toHaveLength(1);

    const pull = validator.match('GET', '/repos/o/r/pulls/1')!;
    expect(
      validator.validateResponse(pull, 200, { number: 1 }).length,
    ).toBeGreaterThan(10);
  });
});
