import type { CascadeContext } from "@modlink/core";
import type { Knex } from "knex";

/**
 * The knex to run a cascade call on: the link store's open transaction when
 * there is one (PGlite has one connection, so the outer knex would wait
 * forever for it), else the module's own knex.
 */
export function dbOf(context: CascadeContext, knex: Knex): Knex {
  return isKnexTransaction(context.transaction) ? context.transaction : knex;
}

function isKnexTransaction(value: unknown): value is Knex.Transaction {
  return typeof value === "function" && "isTransaction" in value && value.isTransaction === true;
}
