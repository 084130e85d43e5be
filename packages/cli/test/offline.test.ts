import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSI, FIXTURES, runModlink } from "./helpers/run-modlink";

const V2_CONFIG = path.join(FIXTURES, "v2", "modlink.config.ts");
const STACK_LINE = /^\s+at /m;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "modlink-cli-offline-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("help", () => {
  it("--help lists every command, and each command's --help its flags and exit codes", async () => {
    const overview = await runModlink(["--help"]);
    expect(overview.code).toBe(0);
    for (const command of ["plan", "sync", "graph", "doctor", "feed"]) expect(overview.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const expectations = { plan: "2 changes pending", sync: "--allow-destructive", graph: "--html <file>", doctor: "2 problems found" } as const;
    for (const [command, text] of Object.entries(expectations)) {
      const help = await runModlink([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: modlink ${command}`);
      expect(help.stdout).toContain("--json");
      expect(help.stdout).toContain(text);
    }
  });

  it("modlink feed --help and modlink help feed show the prune subcommand, its flags and the duration format", async () => {
    for (const args of [
      ["feed", "--help"],
      ["help", "feed"],
    ]) {
      const help = await runModlink(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: modlink feed prune [--through <position>] [--older-than <duration>]");
      expect(help.stdout).toContain("\nSubcommands:\n  prune  Delete changes at or before --through");
      expect(help.stdout).toContain("--older-than <duration>  Delete changes written longer ago than this: <n>d, <n>h, <n>m or <n>s, e.g. 7d or 12h.");
    }
  });

  it("no command prints the overview and exits 1", async () => {
    const result = await runModlink([]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Usage: modlink <command>");
  });
});

describe("graph", () => {
  it("prints the link graph as Mermaid: modules as subgraphs, models as nodes, links with cardinality and cascades", async () => {
    const result = await runModlink(["graph", "--config", V2_CONFIG]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      [
        "flowchart LR",
        '  subgraph mod_product ["product"]',
        '    product_product["product"]',
        '    product_product_variant["product_variant"]',
        "  end",
        '  subgraph mod_brand ["brand"]',
        '    brand_brand["brand"]',
        "  end",
        '  subgraph mod_tag ["tag"]',
        '    tag_tag["tag"]',
        "  end",
        '  subgraph mod_inventory ["inventory"]',
        '    inventory_inventory_item["inventory_item"]',
        "  end",
        '  product_product -->|"1 — 1"| brand_brand',
        '  product_product -->|"n — n"| tag_tag',
        '  product_product_variant -->|"1 — n<br/>cascade ⇒ inventory_item"| inventory_inventory_item',
        "",
      ].join("\n"),
    );
  });

  it("--html writes a self-contained page: an SVG picture, a table of links and the Mermaid source, nothing fetched", async () => {
    const file = path.join(scratch, "links.html");
    const result = await runModlink(["graph", "--config", V2_CONFIG, "--html", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`Wrote ${file}\n`);
    const html = await readFile(file, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<svg [^>]*viewBox="[-\d. ]+"/);
    expect(html.match(/<g class="model">/g)).toHaveLength(5);
    expect(html.match(/<g class="link">/g)).toHaveLength(3);
    expect(html).toContain("<td>link_product_product_variant_inventory_inventory_item</td>");
    expect(html).toContain("product_product_variant --&gt;|&quot;1 — n&lt;br/&gt;cascade ⇒ inventory_item&quot;| inventory_inventory_item");
    expect(html).not.toMatch(/<script|<link |src=|@import|url\(http/i);
  });

  it("--json gives modules, links, cardinalities and cascades", async () => {
    const result = await runModlink(["graph", "--config", V2_CONFIG, "--json"]);
    expect(result.code).toBe(0);
    const graph = JSON.parse(result.stdout);
    expect(graph.modules.map((module: { name: string }) => module.name)).toEqual(["product", "brand", "tag", "inventory"]);
    expect(graph.links[2]).toEqual({
      label: "product.product_variant <-> inventory.inventory_item",
      name: null,
      table: "link_product_product_variant_inventory_inventory_item",
      from: { module: "product", model: "product_variant", key: "product_variant_id" },
      to: { module: "inventory", model: "inventory_item", key: "inventory_item_id" },
      cardinality: "1 — n",
      cascades: [{ from: "product_variant", to: "inventory_item", mode: "all" }],
    });
    expect(graph.mermaid).toMatch(/^flowchart LR\n/);
  });
});

describe("errors", () => {
  it("a LinkError raised while the config loads shows its code and message, and a stack trace only with --verbose", async () => {
    const config = path.join(FIXTURES, "bad", "same-module.config.ts");
    const plain = await runModlink(["graph", "--config", config]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe("");
    expect(plain.stderr).toMatch(/^error INVALID_DEFINITION: Link product\.product <-> product\.product_variant joins two models of the same module/);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    expect(plain.stderr).not.toMatch(ANSI);
    const verbose = await runModlink(["graph", "--config", config, "--verbose"]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(STACK_LINE);
  });

  it("config problems are CONFIG_NOT_FOUND or INVALID_CONFIG, as one JSON document with --json", async () => {
    const empty = await runModlink(["plan", "--json", "--config", path.join(FIXTURES, "bad", "empty-links.config.ts")]);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout)).toEqual({
      ok: false,
      error: { code: "INVALID_CONFIG", message: expect.stringContaining("`links` must be a non-empty array") },
    });

    const missing = await runModlink(["plan"], { cwd: scratch });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error CONFIG_NOT_FOUND: No modlink\.config\.ts, .* in /);

    const broken = path.join(scratch, "modlink.config.mts");
    await writeFile(broken, "export default { links: [ ;\n");
    const syntax = await runModlink(["doctor"], { cwd: scratch });
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(new RegExp(`^error INVALID_CONFIG: Could not load ${broken.replaceAll(".", "\\.")}: `));
    expect(syntax.stderr).not.toMatch(STACK_LINE);
  });

  it("a config that fails to load names the line: a JavaScript syntax error, and an error its code throws", async () => {
    const syntaxFile = path.join(scratch, "syntax.config.mjs");
    await writeFile(syntaxFile, 'export default {\n  links: [,\n  databaseUrl: "pglite://memory"\n}};\n');
    const syntax = await runModlink(["plan", "--config", syntaxFile]);
    expect([syntax.code, syntax.stderr]).toEqual([1, `error INVALID_CONFIG: Could not load ${syntaxFile}:3: Unexpected token ':'\n`]);
    const throwingFile = path.join(scratch, "throwing.config.mjs");
    await writeFile(throwingFile, "export default {\n  links: [],\n  schema: undefinedThing.name,\n};\n");
    const throwing = await runModlink(["plan", "--config", throwingFile]);
    expect([throwing.code, throwing.stderr]).toEqual([1, `error INVALID_CONFIG: Could not load ${throwingFile}:3:11: undefinedThing is not defined\n`]);
  });

  it("usage mistakes exit 1 and say what to run instead", async () => {
    const unknownCommand = await runModlink(["plna"]);
    expect([unknownCommand.code, unknownCommand.stderr]).toEqual([
      1,
      expect.stringContaining('error USAGE: Unknown command "plna". Commands: plan, sync, graph, doctor, feed.'),
    ]);
    const unknownFlag = await runModlink(["plan", "--force", "--config", V2_CONFIG]);
    expect([unknownFlag.code, unknownFlag.stderr]).toEqual([1, expect.stringContaining("error USAGE: Unknown option '--force'. Run modlink plan --help.")]);
    const dropAlone = await runModlink(["sync", "--drop-tables", "--config", V2_CONFIG]);
    expect([dropAlone.code, dropAlone.stderr]).toEqual([
      1,
      expect.stringContaining("error USAGE: --drop-tables drops tables holding rows and needs --allow-destructive"),
    ]);
  });

  it("feed needs the subcommand prune and one of --through and --older-than, each in its format; mistakes exit 1 before any database is opened", async () => {
    const usage = async (...args: string[]) => {
      const result = await runModlink(["feed", ...args, "--config", V2_CONFIG]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      return result.stderr;
    };
    expect(await usage()).toMatch(/^error USAGE: modlink feed needs a subcommand: prune\. Usage: modlink feed prune \[--through <position>\]/);
    expect(await usage("purge", "--through", "5")).toMatch(
      /^error USAGE: Unknown subcommand "purge" of modlink feed\. Subcommands: prune\. Run modlink feed --help\./,
    );
    expect(await usage("prune")).toMatch(/^error USAGE: modlink feed prune needs --through <position>, --older-than <duration>, or both\./);
    for (const duration of ["7", "7days", "1w", "-7d", "1.5h", "7D"]) {
      expect(await usage("prune", `--older-than=${duration}`)).toBe(
        `error USAGE: --older-than takes <n>d, <n>h, <n>m or <n>s (days, hours, minutes, seconds), e.g. 7d or 12h; got "${duration}".\n`,
      );
    }
    expect(await usage("prune", "--through", "12a")).toMatch(/^error USAGE: --through takes a feed position, a decimal integer such as 1200 .*; got "12a"\./);
    expect(await usage("prune", "now", "--through", "5")).toMatch(/^error USAGE: Unexpected argument "now"\./);
    const json = await runModlink(["feed", "prune", "--older-than", "a week", "--config", V2_CONFIG, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, error: { code: "USAGE", message: expect.stringContaining("--older-than takes <n>d") } });
  });

  it("changeFeed in the config must be true or false", async () => {
    const result = await runModlink(["graph", "--config", path.join(FIXTURES, "bad", "change-feed.config.ts")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error INVALID_CONFIG: .*change-feed\.config\.ts: `changeFeed` must be true or false; got string\./);
  });

  it("without a database URL, plan says where to set one", async () => {
    const result = await runModlink(["plan", "--config", V2_CONFIG]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error MISSING_DATABASE_URL: No database to use: set DATABASE_URL, or databaseUrl in .*modlink\.config\.ts/);
  });

  it("an unreachable database is CONNECTION_FAILED, naming the URL without its password", async () => {
    const result = await runModlink(["doctor", "--config", V2_CONFIG], { env: { DATABASE_URL: "postgres://app:s3cret@127.0.0.1:1/shop" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error CONNECTION_FAILED: Could not connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop \(from DATABASE_URL\)/);
    expect(result.stderr).not.toContain("s3cret");
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
