// @ts-check

/**
 * What each cluster's owners were told: the cluster's confirmed health (a
 * new status counts once it held for the debounce time), the status waiting
 * to be confirmed, the last status notified and the GitHub issue open for a
 * lasting critical condition.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('health_conditions', table => {
    table.comment('Debounced cluster conditions and what was told about them');
    table.string('cluster', 255).primary().notNullable();
    table.string('environment', 64).nullable();
    table.string('confirmed_status', 16).notNullable();
    table.timestamp('confirmed_since', { useTz: true }).notNullable();
    table.string('pending_status', 16).nullable();
    table.timestamp('pending_since', { useTz: true }).nullable();
    table.string('notified_status', 16).nullable();
    table.text('reason').nullable();
    table.integer('issue_number').nullable();
    table.text('issue_reason').nullable();
    table.text('problem').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('health_conditions');
};
