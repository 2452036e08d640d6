/**
 * The ESLint configuration of a plugin package: Backstage's, with the rules
 * that keep plugins from importing each other as errors.
 *
 *   module.exports = require('@internal/eslint-plugin/config')(__dirname);
 */
module.exports = function pluginConfig(dir, extraConfig = {}) {
  return require('@backstage/cli/config/eslint-factory')(dir, {
    ...extraConfig,
    plugins: ['@internal', ...(extraConfig.plugins ?? [])],
    rules: {
      '@internal/no-cross-plugin-imports': 'error',
      '@backstage/no-mixed-plugin-imports': 'error',
      ...extraConfig.rules,
    },
  });
};
