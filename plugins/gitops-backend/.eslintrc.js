module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // tests that need the Ceph lab pick `it` or `it.skip` at module load
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['itWithCephLab'] },
    ],
  },
});
