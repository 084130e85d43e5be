import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createKnex } from "@modlink/knex";
import makeKnex from "knex";

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

/** The server: DATABASE_URL, else PG* variables, else local trust auth. */
function serverUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = encodeURIComponent(process.env.PGUSER ?? "postgres");
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  return `postgres://${user}${password}@${process.env.PGHOST ?? "127.0.0.1"}:${process.env.PGPORT ?? "5432"}/${process.env.PGDATABASE ?? "postgres"}`;
}

/**
 * A fresh PostgreSQL database for one test file, dropped by `close`; or
 * undefined after one loud line when no server answers. With CI=true an
 * unreachable server fails the file instead.
 */
export async function freshPostgres(): Promise<TestDatabase | undefined> {
  const admin = makeKnex({ client: "pg", connection: serverUrl(), pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5_000 });
  const name = `modlink_cli_${randomBytes(6).toString("hex")}`;
  try {
    await admin.raw(`create database "${name}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${serverUrl().replace(/:[^:@/]*@/, ":***@")} is unreachable (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING modlink CLI tests against PostgreSQL: ${reason}. Start PostgreSQL or set DATABASE_URL. !!!\n`);
    return undefined;
  }
  const target = new URL(serverUrl());
  target.pathname = `/${name}`;
  const knex = makeKnex({ client: "pg", connection: target.toString(), pool: { min: 0, max: 1 } });
  return {
    name: "PostgreSQL",
    url: target.toString(),
    sql: (...statements) => runAll(knex, statements),
    close: async () => {
      await knex.destroy();
      try {
        await admin.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

async function runAll(knex: makeKnex.Knex, statements: readonly string[]): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  for (const statement of statements) rows = ((await knex.raw(statement)) as { rows?: Record<string, unknown>[] }).rows ?? [];
  return rows;
}
