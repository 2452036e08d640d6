// @ts-check
/**
 * A plugin or module package (frontend or backend) may not import another
 * plugin or module package of the workspace: what two of them share lives
 * in a -common, -node or -react library. Backstage's own
 * no-mixed-plugin-imports rule lets a module import another module (and a
 * backend plugin import a module); this rule closes that gap.
 */
const path = require('node:path');
const { getPackagesSync } = require('@manypkg/get-packages');

const PLUGIN_ROLES = new Set([
  'frontend-plugin',
  'frontend-plugin-module',
  'backend-plugin',
  'backend-plugin-module',
]);

/** @type {{ at: number, byName: Map<string, any>, list: any[] } | undefined} */
let cache;

/** The workspace's packages, read once every few seconds (an editor keeps ESLint running). */
function workspacePackages(/** @type {string} */ cwd) {
  if (cache && Date.now() - cache.at < 5000) return cache;
  const { packages } = getPackagesSync(cwd);
  cache = {
    at: Date.now(),
    byName: new Map(packages.map(p => [p.packageJson.name, p])),
    // deepest first, so a file belongs to its innermost package
    list: [...packages].sort((a, b) => b.dir.length - a.dir.length),
  };
  return cache;
}

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
function packageNameOf(/** @type {string} */ source) {
  if (source.startsWith('.') || source.startsWith('/')) return undefined;
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow a plugin or module package importing another plugin or module package of the workspace.',
    },
    messages: {
      crossPlugin:
        '{{source}} ({{sourceRole}}) imports {{target}} ({{targetRole}}): plugins and modules never import each other; move what both need into a -common, -node or -react library.',
    },
    schema: [],
  },
  create(context) {
    const filename = context.physicalFilename ?? context.filename;
    const packages = workspacePackages(context.cwd ?? process.cwd());
    const own = packages.list.find(p =>
      path.resolve(filename).startsWith(`${p.dir}${path.sep}`),
    );
    const ownRole = own?.packageJson.backstage?.role;
    if (!own || !PLUGIN_ROLES.has(ownRole)) return {};

    /** @param {any} node @param {unknown} value */
    const check = (node, value) => {
      if (typeof value !== 'string') return;
      const name = packageNameOf(value);
      if (!name || name === own.packageJson.name) return;
      const target = packages.byName.get(name);
      const targetRole = target?.packageJson.backstage?.role;
      if (!target || !PLUGIN_ROLES.has(targetRole)) return;
      context.report({
        node,
        messageId: 'crossPlugin',
        data: {
          source: own.packageJson.name,
          sourceRole: ownRole,
          target: name,
          targetRole,
        },
      });
    };

    return {
      ImportDeclaration: node => check(node.source, node.source.value),
      ExportNamedDeclaration: node =>
        node.source && check(node.source, node.source.value),
      ExportAllDeclaration: node => check(node.source, node.source.value),
      ImportExpression: node =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: node => {
        const [first] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          first?.type === 'Literal'
        )
          check(first, first.value);
      },
    };
  },
};
