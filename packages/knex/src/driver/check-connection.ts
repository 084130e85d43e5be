import type { Knex } from "knex";
import { describeTarget, parseConnectionUrl } from "./connection-url";
import { connectionFailed } from "./driver-errors";
import { runSql } from "./run-sql";

/**
 * Checks that `knex` can reach its database (`select 1`). A failure is
 * `CONNECTION_FAILED` naming `url` (its password masked) and what to check,
 * as `openLinkStore` reports it.
 *
 * @example
 * const knex = await createKnex(url)
 * await checkConnection(knex, url) // throws LinkStoreError CONNECTION_FAILED
 */
export async function checkConnection(knex: Knex, url: string): Promise<void> {
  const label = describeTarget(parseConnectionUrl(url));
  try {
    await runSql(knex, "select 1");
  } catch (error) {
    throw connectionFailed(label, error);
  }
}
