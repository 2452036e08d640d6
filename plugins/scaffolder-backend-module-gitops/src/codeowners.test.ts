import { mergeCodeowners } from './codeowners';

describe('mergeCodeowners', () => {
  it('adds a managed block and keeps the rest of the file', () => {
    const merged = mergeCodeowners('* @proficientnow/platform-engineers\n', [
      {
        path: '/clusters/dev/payments-dev/',
        owners: ['@proficientnow/app-developers'],
      },
    ]);
    expect(merged).toBe(
      '* @proficientnow/platform-engineers\n\n# BEGIN platform-portal: nested clusters and components (managed by the portal)\n/clusters/dev/payments-dev/ @proficientnow/app-developers\n# END platform-portal\n',
    );
  });

  it('is idempotent and replaces an entry for the same path', () => {
    const once = mergeCodeowners(undefined, [
      { path: '/clusters/dev/a/', owners: ['@org/x'] },
    ]);
    expect(
      mergeCodeowners(once, [{ path: '/clusters/dev/a/', owners: ['@org/x'] }]),
    ).toBe(once);
    const changed = mergeCodeowners(once, [
      { path: '/clusters/dev/a/', owners: ['@org/y'] },
      { path: '/clusters/dev/0/', owners: ['@org/z'] },
    ]);
    expect(changed).toContain(
      '/clusters/dev/0/ @org/z\n/clusters/dev/a/ @org/y\n',
    );
    expect(changed).not.toContain('@org/x');
  });

  it('refuses entries that could break the file', () => {
    expect(() =>
      mergeCodeowners('', [{ path: '/a b/', owners: ['@org/x'] }]),
    ).toThrow(/invalid CODEOWNERS entry/);
    expect(() =>
      mergeCodeowners('', [{ path: '/a/', owners: ['@org/x\n* @evil'] }]),
    ).toThrow(/invalid CODEOWNERS entry/);
  });
});
