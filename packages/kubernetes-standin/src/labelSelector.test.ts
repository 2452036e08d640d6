/** @jest-environment node */
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  const matches = (selector: string, l?: Record<string, string>) =>
    matchesLabelSelector(parseLabelSelector(selector), l);

  it('supports equality, set-based and existence requirements', () => {
    expect(matches('app=web', labels)).toBe(true);
    expect(matches('app==web', labels)).toBe(true);
    expect(matches('app!=web', labels)).toBe(false);
    expect(matches('missing!=x', labels)).toBe(true);
    expect(matches('env in (prod, staging)', labels)).toBe(true);
    expect(matches('env in (dev)', labels)).toBe(false);
    expect(matches('env notin (dev)', labels)).toBe(true);
    expect(matches('missing notin (dev)', labels)).toBe(true);
    expect(matches('tier', labels)).toBe(true);
    expect(matches('!tier', labels)).toBe(false);
    expect(matches('!missing', undefined)).toBe(true);
    expect(
      matches('app=web,env in (prod,dev),!missing,tier!=back', labels),
    ).toBe(true);
    expect(matches('app=web,env notin (prod)', labels)).toBe(false);
    expect(matches('', labels)).toBe(true);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a in ()')).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector('a,,b')).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector('a=b=c')).toThrow(LabelSelectorError);
  });
});
