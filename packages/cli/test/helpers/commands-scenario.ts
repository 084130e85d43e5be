import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { ANSI, FIXTURES, runModlink } from "./run-modlink";
import type { TestDatabase } from "./test-database";

const V1 = path.join(FIXTURES, "v1");
const V2_CONFIG = path.join(FIXTURES, "v2", "modlink.config.ts");
const BRANDS = "link_product_product_brand_brand";
const TAGS = "link_product_product_tag_tag";
const INVENTORY = "link_product_product_variant_inventory_inventory_item";

/**
 * The life of a database under the binary, in order: plan, sync, a changed
 * config with a destructive step, doctor, forced sync. Registers its tests in
 * the caller's describe; `db` is read when they run.
 */
export function commandsScenario(getDb: () => TestDatabase): void {
  const run = (args: string[], cwd?: string) => runModlink(args, { cwd, env: { DATABASE_URL: getDb().url } });

  it("plan on an empty database exits 0 and prints every statement, finding modlink.config.ts in the working directory; --check exits 2", async () => {
    const result = await run(["plan"], V1);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const checked = await run(["plan", "--check"], V1);
    expect([checked.code, checked.stdout]).toEqual([2, result.stdout]);
    expect(result.stdout).toContain("2 changes pending");
    expect(result.stdout).toContain(`create table "public"."${BRANDS}" ("id" text primary key, "product_id" text not null, "brand_id" text not null`);
    expect(result.stdout).toContain(`create unique index "${BRANDS}_product_id_live_key" on "public"."${BRANDS}" ("product_id") where "deleted_at" is null;`);
    expect(result.stdout).toContain("Apply 2 safe changes with: modlink sync");
    expect(result.stdout).not.toMatch(ANSI);
    // DATABASE_URL wins over the config's databaseUrl (pglite://./.modlink-data), which would have created this directory.
    expect(existsSync(path.join(V1, ".modlink-data"))).toBe(false);
  });

  it("plan --json lists the pending steps with their SQL and changes nothing", async () => {
    const result = await run(["plan", "--json", "--check"], V1);
    expect(result.code).toBe(2);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ ok: true, command: "plan", schema: "public", pending: true });
    expect(plan.steps.map((step: { kind: string; table: string }) => [step.kind, step.table])).toEqual([
      ["create_table", BRANDS],
      ["create_table", TAGS],
    ]);
    expect(plan.steps[0]).toMatchObject({ destructive: false, needs: [], applied: false });
    expect(plan.steps[0].sql[0]).toMatch(/^create table "public"\."link_product_product_brand_brand"/);
  });

  it("sync creates the tables, reporting each step as it runs", async () => {
    const result = await run(["sync"], V1);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        /Applying 2 changes in one transaction:\n\[1\/2\] Create link table "link_product_product_brand_brand"[^\n]*\n/.source +
          /\s+done in \d+ ms\n\[2\/2\] Create link table "link_product_product_tag_tag"/.source,
      ),
    );
    expect(result.stdout).toMatch(/Applied 2 changes in \d+ ms\.\n$/);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("plan after sync exits 0 with nothing pending, --check too", async () => {
    const result = await run(["plan", "--check"], V1);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No changes pending");
  });

  it("sync refuses a destructive change without --allow-destructive, applies the safe part and exits 2", async () => {
    const result = await run(["sync", "--config", V2_CONFIG, "--json"]);
    expect(result.code).toBe(2);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.applied.map((step: { kind: string; table: string }) => [step.kind, step.table])).toEqual([["create_table", INVENTORY]]);
    expect(outcome.refused).toHaveLength(1);
    expect(outcome.refused[0]).toMatchObject({ kind: "change_cardinality", table: BRANDS, destructive: true, needs: ["--allow-destructive"], applied: false });
    // With --json, progress goes to stderr so stdout stays one JSON document.
    expect(result.stderr).toContain("[1/1] Create link table");
  });

  it("doctor finds the missing table, the extra table, the cardinality change and links to ids their modules lost", async () => {
    await getDb().sql(
      `drop table "public"."${TAGS}"`,
      `create table "public"."link_legacy_thing" ("id" text primary key)`,
      `create table "public"."product" ("id" text primary key)`,
      `insert into "public"."product" ("id") values ('p1'), ('p3')`,
      `insert into "public"."${BRANDS}" ("id", "product_id", "brand_id") values ('l1', 'p1', 'b1'), ('l2', 'p2', 'b2'), ('l3', 'p3', 'x9')`,
      `insert into "public"."${BRANDS}" ("id", "product_id", "brand_id", "deleted_at") values ('l4', 'p4', 'x8', now())`,
    );
    const text = await run(["doctor", "--config", V2_CONFIG]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("5 problems found");
    expect(text.stdout).toContain(`missing_table ${TAGS}`);
    expect(text.stdout).toContain("extra_table link_legacy_thing");
    expect(text.stdout).toContain(`cardinality_mismatch ${BRANDS}`);
    expect(text.stdout).toContain("fix: modlink sync --allow-destructive");
    expect(text.stdout).not.toMatch(ANSI);

    const json = await run(["doctor", "--config", V2_CONFIG, "--json"]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: true, command: "doctor", healthy: false });
    const dangling = report.findings.filter((finding: { kind: string }) => finding.kind === "dangling_ids");
    // p2 is not in the product table; x9 fails brand's exists(); the dismissed link to p4/x8 is not live and not reported.
    expect(dangling).toEqual([
      expect.objectContaining({ table: BRANDS, column: "product_id", module: "product", model: "product", count: 1, sample: ["p2"] }),
      expect.objectContaining({ table: BRANDS, column: "brand_id", module: "brand", model: "brand", count: 1, sample: ["x9"] }),
    ]);
    expect(report.unchecked).toContainEqual(expect.objectContaining({ module: "product", table: TAGS, reason: "the link table is missing" }));
  });

  it("sync --allow-destructive applies the destructive change, and plan then exits 0", async () => {
    const sync = await run(["sync", "--allow-destructive", "--config", V2_CONFIG]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(`Allow one live link per "brand_id"`);
    expect(sync.stdout).toContain("Applied 2 changes");
    const plan = await run(["plan", "--config", V2_CONFIG]);
    expect(plan.code).toBe(0);
    const indexes = await getDb().sql(`select indexname from pg_indexes where tablename = '${BRANDS}' and indexname = '${BRANDS}_brand_id_live_key'`);
    expect(indexes).toHaveLength(1);
  });
}
