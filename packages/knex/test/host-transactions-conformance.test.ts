import type { AnyLinkDefinition } from "@modlink/core";
import { type HostTransactionHarness, hostTransactionSuite } from "@modlink/conformance";
import { type FreshPostgres, freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";
import { describe } from "vitest";
import { knexHarness } from "./helpers/conformance-harness";
import { openTestPglite } from "./helpers/pglite-database";

/** The conformance harness, plus the host's own knex transactions. */
async function hostHarness(knex: Knex, links: readonly AnyLinkDefinition[], close: () => Promise<void>): Promise<HostTransactionHarness> {
  return { ...(await knexHarness(knex, links, close)), inHostTransaction: (work) => knex.transaction((trx) => work(trx)) };
}

hostTransactionSuite({
  name: "knex + PGlite (memory)",
  async makeStore(links) {
    const pglite = await openTestPglite("memory");
    return hostHarness(pglite.knex, links, () => pglite.close());
  },
});

const database = await freshPostgres("knex");

describe.skipIf(!database)("PostgreSQL", () => {
  hostTransactionSuite({
    name: "knex + PostgreSQL",
    async makeStore(links) {
      const knex = (database as FreshPostgres).connect();
      return hostHarness(knex, links, async () => {
        await knex.destroy();
        await (database as FreshPostgres).drop();
      });
    },
  });
});
