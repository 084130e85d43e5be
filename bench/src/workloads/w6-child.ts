// Child process of W6: one run of one side in a fresh process, so its peak
// RSS is that run's own (a second run in the same process would start from
// the first one's heap high-water mark).
import { KnexLinkStore, createKnex } from "@modlink/knex";
import type { Knex } from "knex";
import { BENCH_TABLES, expectCount, liveRows, q, syncBenchTables } from "../fixtures";
import type { BackendName } from "../options";
import { trackPeakRss } from "../peak-rss";
import { openPglite } from "../pglite-db";
import { createBySql, pairArrays, productBrandRemoteLink } from "../product-brand";
import { type SqlClient, pgSqlClient, pgliteSqlClient } from "../sql-client";
import { countKnexStatements } from "../statement-counter";
import { toMb } from "../stats";
import type { Side } from "../workload";

export interface MillionArgs {
  readonly backend: BackendName;
  /** PostgreSQL database URL; null for PGlite (in memory, opened here). */
  readonly url: string | null;
  readonly side: Side;
  readonly n: number;
  /** Size of the warm-up call, whose statement count is reported as the small N's. */
  readonly warmupN: number;
}

/** What one child measured. */
export interface MillionRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly statements: number;
  readonly statementsSmall: number;
  /** RSS with the input built and garbage collected, just before the call. */
  readonly inputRssMb: number;
  readonly peakRssMb: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function connect(args: MillionArgs): Promise<{ knex: Knex; sql: SqlClient; close: () => Promise<void> }> {
  if (args.url !== null) {
    const knex = await createKnex(args.url);
    const sql = await pgSqlClient(args.url);
    return { knex, sql, close: async () => void (await Promise.all([knex.destroy(), sql.close()])) };
  }
  const { pglite, knex } = await openPglite();
  return { knex, sql: pgliteSqlClient(pglite), close: async () => void (await knex.destroy(), pglite.closed || (await pglite.close())) };
}

async function main(args: MillionArgs): Promise<MillionRun> {
  const { knex, sql, close } = await connect(args);
  try {
    const store = new KnexLinkStore({ knex });
    const link = BENCH_TABLES.million[args.side];
    await syncBenchTables(store);
    const remoteLink = productBrandRemoteLink(link, store);
    const knexStatements = countKnexStatements(knex);
    const statementsOf = () => (args.side === "modlink" ? knexStatements.count : sql.statements);

    // Streamed (issue 14): the caller holds the ids, as the baseline does,
    // and input objects are made as `create` reads them, never all at once.
    const modlinkCall = (n: number) => {
      const { products, brands } = pairArrays(n);
      function* inputs() {
        for (let i = 0; i < n; i++) yield { catalog: { product_id: products[i] as string }, brand: { brand_id: brands[i] as string } };
      }
      return () => remoteLink.create(inputs());
    };
    const baselineCall = (n: number) => {
      const { products, brands } = pairArrays(n);
      return async () => void (await createBySql(sql, link, products, brands));
    };

    /** One call of `n` links into the emptied table; its input is built before timing. */
    const once = async (n: number) => {
      await sql.query(`truncate table ${q(link.table)}`);
      const call = args.side === "modlink" ? modlinkCall(n) : baselineCall(n);
      collectGarbage();
      const inputRss = process.memoryUsage().rss;
      const before = statementsOf();
      const rss = trackPeakRss();
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      await call();
      const ms = performance.now() - start;
      const cpuUsed = process.cpuUsage(cpuBefore);
      const peakRss = rss.stop();
      const statements = statementsOf() - before;
      expectCount(`${args.side} live rows after create`, await liveRows(sql, link), n);
      return { ms, cpuMs: (cpuUsed.user + cpuUsed.system) / 1000, statements, inputRss, peakRss };
    };

    const warmup = await once(args.warmupN);
    const run = await once(args.n);
    await sql.query(`truncate table ${q(link.table)}`);
    const { ms, cpuMs, statements } = run;
    return { ms, cpuMs, statements, statementsSmall: warmup.statements, inputRssMb: toMb(run.inputRss), peakRssMb: toMb(run.peakRss) };
  } finally {
    await close();
  }
}

main(JSON.parse(process.argv[2] ?? "{}") as MillionArgs).then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
