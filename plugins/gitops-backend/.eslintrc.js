module.exports = require('@internal/eslint-plugin/config')(__dirname, {
  rules: {
    // tests that need the Ceph lab pick `it` or `it.skip` at module load
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['itWithCephLab'] },
    ],
  },
});
