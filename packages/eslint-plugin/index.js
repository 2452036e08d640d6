/**
 * The portal's own ESLint rules, used as `plugins: ['@internal']` in each
 * package's .eslintrc.js.
 */
module.exports = {
  rules: {
    'no-cross-plugin-imports': require('./rules/no-cross-plugin-imports'),
  },
};
