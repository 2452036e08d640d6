/**
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import Ajv from 'ajv';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  parseRequest,
  RenderedFile,
  requestZod,
  sealingLabel,
  validateRendered,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  makeSealingKeys,
  unsealValue,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { actionContext, makeDeps } from '../__testUtils__/actionHarness';
import { restorePemLineBreaks } from './portalSecrets';
import { createRenderPortalAction, portalActionInput } from './renderPortal';
import { examples } from './renderPortal.examples';

jest.setTimeout(60_000);

const keys = makeSealingKeys();
const FOLDER = 'platform/gitops/platform-portal';

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAportaltestkeybodyportaltestkeybodyportaltestkeyb',
  'odyportaltestkeybody0123456789+/portaltestkeybody==',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

/** What the form's Secret fields put in the task secrets, next to the scaffolder's own. */
const APP_SECRETS = {
  backendSecret: 'backend-key-0123456789abcdefghijklmnopqrstuv',
  authSessionSecret: 'session-key-0123456789abcdefghijklmnopqrstu',
  oidcClientSecret: 'oidc-client-secret-portal-test',
  githubAppPrivateKey: PEM,
  githubAppClientSecret: 'github-app-client-secret-test',
  githubAppWebhookSecret: 'github-webhook-secret-test',
};
const TOKEN_SECRETS = {
  backendSecret: 'backend-key-zyxwvutsrqponmlkjihgfedcba9876543',
  authSessionSecret: 'session-key-zyxwvutsrqponmlkjihgfedcba987654',
  oidcClientSecret: 'oidc-secret-for-existing-mode',
  githubToken: 'ghp_existingModeTokenValue0123456789',
  postgresPassword: 'postgres-password-existing-mode',
};
const SCAFFOLDER_SECRETS = {
  backstageToken: 'scaffolder-own-token-never-sealed',
  initiatorCredentials: 'scaffolder-own-credentials-never-sealed',
};

const exampleInputs = examples.map(
  e => parse(e.example).steps[0].input as Record<string, any>,
);
const [appExample, tokenExample] = exampleInputs;

/** Every file under the workspace's gitops folder, parsed back into objects. */
function writtenFiles(workspacePath: string, paths: string[]): RenderedFile[] {
  return paths.map(file => ({
    path: file,
    objects: parseAllDocuments(
      readFileSync(path.join(workspacePath, 'gitops', file), 'utf8'),
    ).map(doc => doc.toJS()),
  }));
}

function outputsOf(ctx: { output: unknown }): Record<string, any> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

/** The values of the SealedSecret the action wrote, decrypted as the controller would. */
function unsealWritten(workspacePath: string): Record<string, string> {
  const sealed = parse(
    readFileSync(
      path.join(workspacePath, 'gitops', FOLDER, 'secrets.yaml'),
      'utf8',
    ),
  );
  const label = sealingLabel(
    'strict',
    sealed.metadata.namespace,
    sealed.metadata.name,
  );
  return Object.fromEntries(
    Object.entries(sealed.spec.encryptedData as Record<string, string>).map(
      ([key, value]) => [key, unsealValue(keys.privateKeyPem, label, value)],
    ),
  );
}

/** A logger that keeps every message, to show what reached the task log. */
function recordingLogger() {
  const messages: string[] = [];
  const logger = mockServices.logger.mock();
  for (const level of ['info', 'warn', 'error', 'debug'] as const) {
    (logger[level] as jest.Mock).mockImplementation((message: string) => {
      messages.push(message);
    });
  }
  return { logger, messages };
}

describe('gitops:portal:render', () => {
  it.each([
    [examples[0].description, appExample, APP_SECRETS],
    [examples[1].description, tokenExample, TOKEN_SECRETS],
  ])(
    'renders the example "%s" into files that pass the upstream schemas',
    async (_d, input, secrets) => {
      const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
      const ctx = actionContext(
        { targetPath: 'gitops', ...input },
        { secrets: { ...secrets, ...SCAFFOLDER_SECRETS } },
      );
      await createRenderPortalAction(deps).handler(ctx as any);

      const output = outputsOf(ctx);
      expect(output.files).toEqual(
        expect.arrayContaining([
          `${FOLDER}/deployment.yaml`,
          `${FOLDER}/secrets.yaml`,
          `${FOLDER}/ingress.yaml`,
          `${FOLDER}/kustomization.yaml`,
          'argocd/apps/infrastructure/gitops/platform-portal.yaml',
        ]),
      );
      expect(output.files.includes(`${FOLDER}/database.yaml`)).toBe(
        input.database.mode === 'cloudnative-pg',
      );
      // what was written, read back from the workspace, is valid as it stands
      const report = validateRendered({
        files: writtenFiles(ctx.workspacePath, output.files),
      });
      expect(report.errors).toEqual([]);
      expect(report.checked.files).toBe(output.files.length);
      const deployment = parse(
        readFileSync(
          path.join(ctx.workspacePath, 'gitops', FOLDER, 'deployment.yaml'),
          'utf8',
        ),
      );
      expect(deployment.spec.replicas).toBe(input.replicas);
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        input.image,
      );

      // the outputs feed gitops:pull-request:open unchanged
      expect(output.branchName).toBe(
        'gitops/component-infrastructure-platform-portal',
      );
      expect(output.title).toBe(
        `Deploy the portal at portal.platform.proficientnow.io: ${input.image}, ${input.replicas} replicas`,
      );
      expect(output.labels).toEqual([
        'gitops',
        'env:platform',
        'domain:infrastructure',
      ]);
      expect(output.teamReviewers).toEqual(['platform-engineers']);
      expect(output.entityRef).toBe('component:default/platform-portal');
      expect(output.pullRequestBody).toMatch(
        /## What changes[\s\S]*## What was validated[\s\S]*## Who must approve/,
      );
      expect(output.pullRequestBody).toContain(`| image | ${input.image} |`);
      expect(output.pullRequestBody).toContain(
        'the infrastructure domain is protected',
      );
      expect(deps.decisions).toEqual(['gitops.change.protected.create']);
    },
  );

  it('seals exactly the secrets the settings use, from the task secrets, and writes none in clear', async () => {
    const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
    const { logger, messages } = recordingLogger();
    const ctx = actionContext(
      { targetPath: 'gitops', ...appExample },
      {
        // githubToken is left over from a form where the person switched to a GitHub App
        secrets: {
          ...APP_SECRETS,
          githubToken: 'ghp_leftOverFromTheTokenMode0123456789',
          ...SCAFFOLDER_SECRETS,
        },
        logger,
      },
    );
    await createRenderPortalAction(deps).handler(ctx as any);

    expect(unsealWritten(ctx.workspacePath)).toEqual({
      BACKEND_SECRET: APP_SECRETS.backendSecret,
      AUTH_SESSION_SECRET: APP_SECRETS.authSessionSecret,
      AUTHENTIK_CLIENT_SECRET: APP_SECRETS.oidcClientSecret,
      GITHUB_APP_PRIVATE_KEY: PEM,
      GITHUB_APP_CLIENT_SECRET: APP_SECRETS.githubAppClientSecret,
      GITHUB_APP_WEBHOOK_SECRET: APP_SECRETS.githubAppWebhookSecret,
    });
    const output = outputsOf(ctx);
    const everything = [
      ...output.files.map((file: string) =>
        readFileSync(path.join(ctx.workspacePath, 'gitops', file), 'utf8'),
      ),
      JSON.stringify(output),
      ...messages,
    ].join('\n');
    const values = [
      ...Object.values(APP_SECRETS),
      ...PEM.split('\n'),
      'ghp_leftOverFromTheTokenMode0123456789',
      ...Object.values(SCAFFOLDER_SECRETS),
    ];
    expect(values.filter(value => everything.includes(value))).toEqual([]);
    // the body names what was sealed, by variable
    expect(output.pullRequestBody).toContain(
      '`BACKEND_SECRET`, `AUTH_SESSION_SECRET`, `AUTHENTIK_CLIENT_SECRET`',
    );
    expect(messages).toContain(
      'the secret githubToken (github.mode is app, not token) is not used and not sealed',
    );
  });

  it('puts back the line breaks a password field drops from a pasted private key', async () => {
    expect(restorePemLineBreaks(PEM.replace(/\n/g, ''))).toBe(PEM);
    expect(restorePemLineBreaks(PEM.replace(/\n/g, ' '))).toBe(PEM);
    expect(restorePemLineBreaks('not-a-key')).toBe('not-a-key');

    const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
    const ctx = actionContext(
      { targetPath: 'gitops', ...appExample },
      {
        secrets: {
          ...APP_SECRETS,
          githubAppPrivateKey: PEM.replace(/\n/g, ''),
        },
      },
    );
    await createRenderPortalAction(deps).handler(ctx as any);
    expect(unsealWritten(ctx.workspacePath).GITHUB_APP_PRIVATE_KEY).toBe(PEM);
  });

  it('never takes secret values from the step input', async () => {
    const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
    const ctx = actionContext({
      targetPath: 'gitops',
      ...appExample,
      secrets: APP_SECRETS,
    });
    await expect(
      createRenderPortalAction(deps).handler(ctx as any),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /secrets\.backendSecret: is required[\s\S]*secrets\.githubAppPrivateKey: is required/,
      ),
    });
    expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
  });

  it("renders the chosen modes of a form that kept another mode's fields", async () => {
    const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
    // what the template sends after the person switched both modes: the
    // hidden fields keep their values, the empty password Secret is {}
    const ctx = actionContext(
      {
        targetPath: 'gitops',
        ...tokenExample,
        database: {
          ...tokenExample.database,
          instances: 3,
          storageClass: 'ceph-rbd',
          size: '20Gi',
          passwordSecret: {},
        },
        github: {
          mode: 'token',
          appId: 123456,
          clientId: 'Iv23liPortal000001',
        },
      },
      { secrets: { ...TOKEN_SECRETS, githubAppClientSecret: 'left-over' } },
    );
    await createRenderPortalAction(deps).handler(ctx as any);
    const output = outputsOf(ctx);
    expect(output.files).not.toContain(`${FOLDER}/database.yaml`);
    expect(Object.keys(unsealWritten(ctx.workspacePath)).sort()).toEqual([
      'AUTHENTIK_CLIENT_SECRET',
      'AUTH_SESSION_SECRET',
      'BACKEND_SECRET',
      'GITHUB_TOKEN',
      'POSTGRES_PASSWORD',
    ]);
  });

  it('refuses someone without the protected permission before reading the secrets or writing anything', async () => {
    const deps = makeDeps({
      sealingCertificatePem: keys.certificatePem,
      decide: name =>
        name === 'gitops.change.protected.create'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const secretsRead: string[] = [];
    const secrets = new Proxy(APP_SECRETS as Record<string, string>, {
      get(target, key) {
        secretsRead.push(String(key));
        return target[key as string];
      },
    });
    const ctx = actionContext(
      { targetPath: 'gitops', ...appExample },
      { secrets },
    );
    await expect(
      createRenderPortalAction(deps).handler(ctx as any),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'not allowed to request the deployment of the portal: the infrastructure domain is protected; only the platform admin groups may request changes to it',
    });
    expect(deps.decisions).toEqual(['gitops.change.protected.create']);
    expect(secretsRead).toEqual([]);
    expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
    expect((ctx.output as jest.Mock).mock.calls).toEqual([]);
  });

  it('names every bad field, never a secret value, and writes nothing', async () => {
    const deps = makeDeps({ sealingCertificatePem: keys.certificatePem });
    const ctx = actionContext(
      {
        ...appExample,
        targetPath: 'gitops',
        image: 'ghcr.io/proficientnow/platform-portal:latest',
        replicas: 1,
        database: { ...appExample.database, size: '' },
        github: { mode: 'app', appId: 123456, clientId: '' },
      },
      { secrets: { ...APP_SECRETS, backendSecret: 'too-short-secret' } },
    );
    const error = await createRenderPortalAction(deps)
      .handler(ctx as any)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error).toMatchObject({ name: 'InputError' });
    const message = error!.message;
    expect(message).toMatch(/^invalid request:/);
    expect(message).toMatch(/^ {2}- image: must not use the tag latest/m);
    expect(message).toMatch(/^ {2}- replicas: must be between 2 and 20/m);
    expect(message).toMatch(/^ {2}- database\.size: must be a volume size/m);
    expect(message).toMatch(/^ {2}- github\.clientId: must be the GitHub App/m);
    expect(message).toMatch(
      /^ {2}- secrets\.backendSecret: must be at least 32 characters/m,
    );
    expect(message).not.toContain('too-short-secret');
    expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
  });

  it('says which key to configure when there is no sealing certificate', async () => {
    const deps = makeDeps({});
    const ctx = actionContext(
      { targetPath: 'gitops', ...appExample },
      { secrets: APP_SECRETS },
    );
    await expect(
      createRenderPortalAction(deps).handler(ctx as any),
    ).rejects.toThrow(/gitops\.sealing\.certificate is not configured/);
    expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
  });
});

describe('the input schema of gitops:portal:render', () => {
  // what the scaffolder checks a step's input against, made of the request's own rules
  const schema = createRenderPortalAction(makeDeps({})).schema?.input as Record<
    string,
    any
  >;
  const { properties } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });

  it('carries the bounds, enums and defaults of the portal request', () => {
    expect(properties.replicas).toMatchObject({
      type: 'integer',
      minimum: 2,
      maximum: 20,
      default: 2,
    });
    expect(properties.database.properties.mode.enum).toEqual([
      'cloudnative-pg',
      'existing',
    ]);
    expect(properties.github.properties.mode.enum).toEqual(['app', 'token']);
    expect(properties.database.properties.instances).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 9,
    });
    expect(properties.database.properties.port).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 5432,
    });
    expect(properties.database.properties.size.pattern).toBe(
      '^\\d+(Mi|Gi|Ti)$',
    );
    expect(properties.github.properties.appId).toMatchObject({
      type: 'integer',
      minimum: 1,
    });
    expect(properties.certificateIssuer.properties.kind).toMatchObject({
      enum: ['ClusterIssuer', 'Issuer'],
      default: 'ClusterIssuer',
    });
    expect(properties.namespace).toMatchObject({
      maxLength: 40,
      default: 'platform-portal',
    });
    expect(schema.required.sort()).toEqual([
      'certificateIssuer',
      'database',
      'github',
      'hostname',
      'image',
      'oidc',
    ]);
    for (const [name, property] of Object.entries(properties))
      expect([name, (property as any).description]).toEqual([
        name,
        expect.any(String),
      ]);
  });

  it('has no field for a secret value, and takes no field it does not name', () => {
    expect(Object.keys(properties)).not.toContain('secrets');
    expect(schema.additionalProperties).toBe(false);
    expect(ajv.validate(schema, { ...appExample, secrets: APP_SECRETS })).toBe(
      false,
    );
  });

  it("accepts what the templates send, another mode's fields included, and refuses what breaks a bound", () => {
    for (const example of exampleInputs)
      expect([ajv.validate(schema, example), ajv.errorsText()]).toEqual([
        true,
        'No errors',
      ]);
    const switched = {
      ...appExample,
      database: {
        ...appExample.database,
        host: 'postgres-rw.databases.svc',
        port: 5432,
        passwordSecret: {},
      },
      github: { ...appExample.github, mode: 'token' },
    };
    expect(ajv.validate(schema, switched)).toBe(true);
    expect(ajv.validate(schema, { ...appExample, replicas: 1 })).toBe(false);
    expect(
      ajv.validate(schema, {
        ...appExample,
        database: { ...appExample.database, mode: 'sqlite' },
      }),
    ).toBe(false);
  });

  it("names the fields a mode requires by the request's rules when it parses an input", () => {
    expect(() =>
      parseRequest(portalActionInput(requestZod), {
        ...appExample,
        database: { mode: 'existing' },
      }),
    ).toThrow(
      /database\.host: must be a DNS name[\s\S]*database\.database: is required[\s\S]*database\.user: is required/,
    );
  });
});
