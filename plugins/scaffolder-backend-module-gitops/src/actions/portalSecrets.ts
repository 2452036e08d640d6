import {
  PORTAL_GITHUB_MODES,
  PORTAL_GITHUB_SECRETS,
  PORTAL_SECRET_KEYS,
  PortalSecrets,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';

type SecretKey = keyof PortalSecrets;

/** Why a secret the chosen settings do not use was left out, or undefined when it is used. */
function unusedBecause(
  key: SecretKey,
  settings: { github?: { mode?: unknown }; database?: Record<string, unknown> },
): string | undefined {
  const githubMode = settings.github?.mode;
  // the GitHub mode that uses the key, as the request's rules say
  const usedBy = PORTAL_GITHUB_MODES.find(mode =>
    PORTAL_GITHUB_SECRETS[mode].includes(key),
  );
  if (usedBy && githubMode !== usedBy) {
    return `github.mode is ${String(githubMode)}, not ${usedBy}`;
  }
  if (key === 'postgresPassword') {
    if (settings.database?.mode !== 'existing') {
      return `database.mode is ${String(
        settings.database?.mode,
      )}, not existing`;
    }
    if (settings.database.passwordSecret !== undefined) {
      return 'database.passwordSecret names the Secret that holds the password';
    }
  }
  return undefined;
}

/**
 * A password field drops the line breaks of a pasted PEM key (browsers strip
 * them from single-line inputs); put them back so the key stays usable.
 * Anything that is not such a flattened key is returned unchanged.
 */
export function restorePemLineBreaks(value: string): string {
  const match =
    /^-----BEGIN ((?:RSA )?PRIVATE KEY)-----([A-Za-z0-9+/=\s]+)-----END \1-----$/.exec(
      value,
    );
  if (!match || value.includes('\n')) return value;
  const body = match[2].replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return [
    `-----BEGIN ${match[1]}-----`,
    ...lines,
    `-----END ${match[1]}-----`,
  ].join('\n');
}

/**
 * Picks the portal's secret values out of the scaffolder's task secrets.
 * Only the keys the chosen settings use are taken: a form keeps the value of
 * a secret field it has since hidden (the person switched the GitHub mode,
 * say), and that value must neither be sealed nor fail the request. The
 * scaffolder's own secrets (its token, the initiator's credentials) are never
 * touched. Values are never logged; the reasons only name the keys.
 */
export function portalSecretsFrom(
  taskSecrets: Record<string, string | undefined> | undefined,
  settings: { github?: { mode?: unknown }; database?: Record<string, unknown> },
): { secrets: Partial<PortalSecrets>; ignored: string[] } {
  const secrets: Partial<PortalSecrets> = {};
  const ignored: string[] = [];
  // the portal request's secrets: a template's `ui:field: Secret` stores a
  // value under its property name, so the form's secret fields carry these names
  for (const key of PORTAL_SECRET_KEYS) {
    const value = taskSecrets?.[key];
    // a secret field that was typed into and cleared again holds ''
    if (value === undefined || value === '') continue;
    const reason = unusedBecause(key, settings);
    if (reason) {
      ignored.push(`${key} (${reason})`);
      continue;
    }
    secrets[key] =
      key === 'githubAppPrivateKey' ? restorePemLineBreaks(value) : value;
  }
  return { secrets, ignored };
}
