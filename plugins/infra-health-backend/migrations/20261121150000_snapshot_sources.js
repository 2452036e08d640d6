// @ts-check

/**
 * Which data sources each cluster has configured, so a card can say what is
 * missing and how to add it instead of showing an unexplained unknown.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table
      .text('sources')
      .nullable()
      .comment('JSON array of SourceInfo: configured sources and hints');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table.dropColumn('sources');
  });
};
