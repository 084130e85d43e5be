import type { Knex } from "knex";

/**
 * Makes the database refuse updates of chosen my_custom rows, so a test can
 * fail a route's transaction at a known step: the cascade's write to the
 * my_custom record, after the product module's change and the link changes.
 * A trigger reading a table of armed ids, so it works on PGlite and
 * PostgreSQL alike and needs no hook in the app's code.
 *
 * @example const faults = await installWriteFaults(knex); await faults.arm(customId)
 */
export async function installWriteFaults(knex: Knex): Promise<WriteFaults> {
  await knex.raw(`create table if not exists "test_write_faults" ("id" text primary key)`);
  await knex.raw(
    `create or replace function "test_write_fault"() returns trigger language plpgsql as $$ begin ` +
      `if exists (select 1 from "test_write_faults" where "id" = old."id") then ` +
      `raise exception 'injected fault: my_custom % refuses writes', old."id"; end if; return new; end $$`,
  );
  await knex.raw(`drop trigger if exists "test_write_fault" on "my_customs"`);
  await knex.raw(`create trigger "test_write_fault" before update on "my_customs" for each row execute function "test_write_fault"()`);
  return {
    arm: async (id) => {
      await knex("test_write_faults").insert({ id });
    },
    disarm: async (id) => {
      await knex("test_write_faults").where({ id }).delete();
    },
  };
}

export interface WriteFaults {
  /** Updates of my_custom `id` fail from now on. */
  arm(id: string): Promise<void>;
  /** Updates of my_custom `id` succeed again. */
  disarm(id: string): Promise<void>;
}
