import type { Knex } from "knex";
import { afterAll, describe } from "vitest";
import { createTestDatabase } from "./helpers/postgres-database";
import { knexStoreBehaviour } from "./helpers/store-behaviour";

const database = await createTestDatabase();
const knex: Knex | undefined = database?.connect();

afterAll(async () => {
  await knex?.destroy();
  await database?.drop();
});

describe.skipIf(!database)("KnexLinkStore on PostgreSQL", () => {
  knexStoreBehaviour(() => knex!);
});
