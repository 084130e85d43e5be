import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createKnex } from "@modlink/knex";
import { freshPostgres as freshDatabase } from "@modlink/test-support";
import type { Knex } from "knex";

/** A database the binary is pointed at, and a back door for the test to read and write it. */
export interface TestDatabase {
  readonly name: string;
  /** What the binary gets as DATABASE_URL. */
  readonly url: string;
  /** Runs statements in order and returns the last one's rows; never while the binary runs (PGlite has one writer). */
  sql(...statements: string[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** PGlite on disk in a fresh temporary directory; the test process opens it only between runs of the binary. */
export async function pgliteOnDisk(): Promise<TestDatabase> {
  const directory = await mkdtemp(path.join(tmpdir(), "modlink-cli-"));
  const url = `pglite://${directory}`;
  return {
    name: "PGlite on disk",
    url,
    sql: async (...statements) => {
      const knex = await createKnex(url);
      try {
        return await runAll(knex, statements);
      } finally {
        await knex.destroy();
      }
    },
    close: () => rm(directory, { recursive: true, force: true }),
  };
}

/**
 * A fresh PostgreSQL database for one test file (see `freshPostgres` of
 * `@modlink/test-support`), dropped by `close`; undefined when no server
 * answers outside CI.
 */
export async function freshPostgres(): Promise<TestDatabase | undefined> {
  const database = await freshDatabase("cli");
  if (!database) return undefined;
  const knex = database.connect({ poolMax: 1 });
  return {
    name: "PostgreSQL",
    url: database.url,
    sql: (...statements) => runAll(knex, statements),
    close: async () => {
      await knex.destroy();
      await database.drop();
    },
  };
}

async function runAll(knex: Knex, statements: readonly string[]): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  for (const statement of statements) rows = (await knex.raw<{ rows?: Record<string, unknown>[] }>(statement)).rows ?? [];
  return rows;
}
