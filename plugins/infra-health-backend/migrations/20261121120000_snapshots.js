// @ts-check

/**
 * Health snapshots (the latest checks of each cluster, what the API serves)
 * and a bounded history of rollups (what the sparklines draw).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('health_snapshots', table => {
    table.comment('The latest collected checks of each cluster');
    table.string('cluster', 255).primary().notNullable();
    table.string('environment', 64).nullable();
    table.string('status', 16).notNullable();
    table.timestamp('collected_at', { useTz: true }).notNullable();
    table.text('checks').notNullable().comment('JSON array of HealthCheck');
  });
  await knex.schema.createTable('health_history', table => {
    table.comment(
      'Rollup statuses over time, per cluster and subsystem (subsystem "*" is the cluster)',
    );
    table.bigIncrements('id').primary();
    table.string('cluster', 255).notNullable();
    table.string('subsystem', 32).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.index(['cluster', 'observed_at'], 'health_history_cluster_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('health_history');
  await knex.schema.dropTable('health_snapshots');
};
