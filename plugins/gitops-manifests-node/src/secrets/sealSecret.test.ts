/**
 * @jest-environment node
 */
import {
  makeSealingKeys,
  unsealValue as unseal,
} from '../testUtils/sealingKeys';
import { sealSecret } from './sealSecret';

describe('sealSecret', () => {
  const keys = makeSealingKeys();

  it('produces values the controller key decrypts, bound to name and namespace', async () => {
    const sealed = await sealSecret({
      name: 'dev-a-join-token',
      namespace: 'dev-a',
      data: { token: '0123456789abcdef0123456789abcdef' },
      certificatePem: keys.certificatePem,
    });
    expect(sealed.kind).toBe('SealedSecret');
    const value = (sealed.spec as any).encryptedData.token as string;
    expect(value).not.toContain('0123456789abcdef');
    expect(unseal(keys.privateKeyPem, 'dev-a/dev-a-join-token', value)).toBe(
      '0123456789abcdef0123456789abcdef',
    );
    // strict scope: the same value under another name does not decrypt
    expect(() => unseal(keys.privateKeyPem, 'dev-a/other', value)).toThrow();
  });

  it('uses the namespace as label for namespace-wide secrets and marks them', async () => {
    const sealed = await sealSecret({
      name: 'x',
      namespace: 'ns',
      data: { a: 'hello' },
      certificatePem: keys.certificatePem,
      scope: 'namespace-wide',
    });
    expect(sealed.metadata.annotations).toEqual({
      'sealedsecrets.bitnami.com/namespace-wide': 'true',
    });
    expect(
      unseal(keys.privateKeyPem, 'ns', (sealed.spec as any).encryptedData.a),
    ).toBe('hello');
  });

  it('rejects a certificate that is not one', async () => {
    await expect(
      sealSecret({
        name: 'x',
        namespace: 'y',
        data: { a: 'b' },
        certificatePem: 'not a pem',
      }),
    ).rejects.toThrow(/sealing certificate is not a usable RSA certificate/);
  });
});
