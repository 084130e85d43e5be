import { KnexLinkStore } from "@modlink/knex";
import makeKnex from "knex";
import pg from "pg";
import { BENCH_TABLES, syncBenchTables } from "../src/fixtures";
import { CONTENDED_PAIRS, contendedRemoteLink, createByRemoteLink, createPairBySql } from "../src/contended-pairs";
import { pgPoolSqlClient } from "../src/sql-client";

const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
await admin.query("drop database if exists scratch_w8");
await admin.query("create database scratch_w8");
const url = "postgres://postgres@127.0.0.1:5432/scratch_w8";
const knex = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: 4 } });
const store = new KnexLinkStore({ knex });
await syncBenchTables(store);
const remoteLink = contendedRemoteLink(store);
const sql = pgPoolSqlClient(url, 4);
const mode = process.argv[2] ?? "both";
async function run(label: string, call: (i: number) => Promise<void>, n: number) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { while (next < n) { const i = next++; await call(i); } }));
  const c = process.cpuUsage(c0); const ms = performance.now() - t0;
  console.log(`${label}: ${(n / (ms / 1000)).toFixed(0)} calls/s, client cpu ${(((c.user + c.system) / n)).toFixed(0)} us/call`);
}
for (let round = 0; round < 3; round++) {
  if (mode !== "sql") await run("modlink", (i) => createByRemoteLink(remoteLink, CONTENDED_PAIRS[i % CONTENDED_PAIRS.length]!), 5000);
  if (mode !== "ml") await run("sql    ", (i) => createPairBySql(sql, CONTENDED_PAIRS[i % CONTENDED_PAIRS.length]!), 5000);
}
await knex.destroy(); await sql.close();
await admin.query("drop database scratch_w8"); await admin.end();
