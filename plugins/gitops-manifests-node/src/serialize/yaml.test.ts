import { parse } from 'yaml';
import { toCloudConfig, toYaml } from './yaml';

describe('toYaml', () => {
  it('quotes strings that YAML 1.1 readers (kubectl, Argo CD, cloud-init) would turn into booleans or numbers', () => {
    const text = toYaml({
      a: 'yes',
      b: 'on',
      c: 'no',
      d: '12:30',
      e: '0600',
      f: 'true',
    });
    expect(text).toBe(
      'a: "yes"\nb: "on"\nc: "no"\nd: "12:30"\ne: "0600"\nf: "true"\n',
    );
    expect(parse(text, { version: '1.1' })).toEqual({
      a: 'yes',
      b: 'on',
      c: 'no',
      d: '12:30',
      e: '0600',
      f: 'true',
    });
  });

  it('cannot be made to add keys or documents by a value', () => {
    const hostile = 'x\nkind: Secret\n---\napiVersion: v1';
    const text = toYaml({ name: hostile });
    expect(parse(text)).toEqual({ name: hostile });
  });

  it('writes cloud-config with its header line', () => {
    expect(toCloudConfig({ hostname: 'n1' })).toBe(
      '#cloud-config\nhostname: n1\n',
    );
  });
});
