// @ts-check

/**
 * The changes the portal opened, followed from pull request to platform:
 * one row per pull request (its state, why, the Applications it touches as
 * last seen) and what was last told about it (notification, GitHub status).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tracked_changes', table => {
    table.comment(
      'GitOps changes the portal opened and follows to a healthy rollout',
    );
    table.string('repository', 255).notNullable();
    table.integer('number').notNullable();
    table.primary(['repository', 'number']);
    table.text('title').notNullable();
    table.string('url', 1024).notNullable();
    table.string('kind', 32).notNullable();
    table.string('action', 32).notNullable();
    table.string('target_ref', 512).notNullable();
    table.string('environment', 64).nullable();
    table.string('domain', 64).nullable();
    table.string('requester', 512).nullable();
    table.string('owner', 512).nullable();
    table.string('state', 16).notNullable();
    table.text('reason').nullable();
    table.string('head_sha', 64).notNullable();
    table.string('merge_sha', 64).nullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('merged_at', { useTz: true }).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .text('applications')
      .notNullable()
      .comment('JSON array of TrackedApplication');
    table
      .string('notified_state', 16)
      .nullable()
      .comment('the last state the owners were told of');
    table
      .string('status_state', 16)
      .nullable()
      .comment('the last state posted to the pull request');
    table.text('delivery_problem').nullable();
    table.index(['state'], 'tracked_changes_state_idx');
    table.index(['merged_at'], 'tracked_changes_merged_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tracked_changes');
};
