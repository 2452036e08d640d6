// @ts-check

/**
 * Which data sources each cluster has configured, so a card can say what is
 * missing and how to add it instead of showing an unexplained unknown; and
 * when its API server last answered, so a dead cluster shows its last-seen
 * time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table
      .text('sources')
      .nullable()
      .comment('JSON array of SourceInfo: configured sources and hints');
    table
      .timestamp('last_seen_at', { useTz: true })
      .nullable()
      .comment('When the API server last answered');
    table
      .boolean('reachable')
      .nullable()
      .comment('False when the API server did not answer the last collection');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table.dropColumn('sources');
    table.dropColumn('last_seen_at');
    table.dropColumn('reachable');
  });
};
