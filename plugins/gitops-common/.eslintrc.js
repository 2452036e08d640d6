module.exports = require('@internal/eslint-plugin/config')(__dirname);
