// @ts-check

/**
 * The Argo CD Applications a cluster held at its last readable collection,
 * so the catalog can compare what runs with what Git declares (drift)
 * without asking the cluster itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table
      .text('argo_applications')
      .nullable()
      .comment(
        'JSON array of the Applications (name, tracking, sync, health) last read',
      );
    table
      .timestamp('argo_applications_at', { useTz: true })
      .nullable()
      .comment('When that list was read');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('health_snapshots', table => {
    table.dropColumn('argo_applications');
    table.dropColumn('argo_applications_at');
  });
};
