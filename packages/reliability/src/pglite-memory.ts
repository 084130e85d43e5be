import { createKnex } from "@modlink/knex";
import type { Knex } from "knex";

/**
 * An in-memory PGlite behind knex, made the way applications make it
 * (`createKnex("pglite://memory")`). Opening one costs seconds and hundreds
 * of MB: share one per test file.
 */
export function openPgliteMemory(): Promise<Knex> {
  return createKnex("pglite://memory");
}
