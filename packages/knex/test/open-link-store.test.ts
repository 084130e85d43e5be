import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { linkTableOf } from "@modlink/core";
import { afterAll, describe, expect, it } from "vitest";
import { maskPassword, openLinkStore, parseConnectionUrl } from "../src";
import { productBrand } from "./helpers/fixtures";
import { freshPostgres } from "@modlink/test-support";

const database = await freshPostgres("knex");
afterAll(() => database?.drop());

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("storage URLs", () => {
  it("postgres URLs go to pg, pglite URLs to memory or a directory relative to the working directory", () => {
    expect(parseConnectionUrl("postgres://u:p@h:5432/d")).toEqual({ kind: "postgres", url: "postgres://u:p@h:5432/d" });
    expect(parseConnectionUrl("postgresql://h/d").kind).toBe("postgres");
    expect(parseConnectionUrl("pglite://memory")).toEqual({ kind: "pglite-memory" });
    expect(parseConnectionUrl("pglite://./data/links", "/srv/app")).toEqual({ kind: "pglite-disk", directory: "/srv/app/data/links" });
    expect(parseConnectionUrl("pglite:///var/lib/links", "/srv/app")).toEqual({ kind: "pglite-disk", directory: "/var/lib/links" });
  });

  it("an unsupported URL is refused naming the accepted forms, without the password", () => {
    expect(() => parseConnectionUrl("mysql://root:hunter2@db/x")).toThrow(/pglite:\/\/memory/);
    expect(() => parseConnectionUrl("mysql://root:hunter2@db/x")).not.toThrow(/hunter2/);
  });

  it("passwords are masked in what is shown", () => {
    expect(maskPassword("postgres://app:s3cr%40t@db:5432/shop")).toBe("postgres://app:***@db:5432/shop");
    expect(maskPassword("postgres://app@db/shop")).toBe("postgres://app@db/shop");
  });
});

describe("openLinkStore", () => {
  it("opens PGlite in memory, syncs the tables, and close releases the database", async () => {
    const store = await openLinkStore({ url: "pglite://memory", links: [productBrand] });
    await store.transaction((tx) => tx.upsertLinks(linkTableOf(productBrand), [{ left: "p1", right: "b1", data: {} }]));
    expect(await store.transaction((tx) => tx.idsWithLiveLinks(linkTableOf(productBrand), "left", ["p1"]))).toEqual(["p1"]);
    await store.close();
    await expect(store.knex.raw("select 1")).rejects.toThrow();
  });

  it("PGlite on disk keeps links across reopening", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "modlink-open-"));
    try {
      const first = await openLinkStore({ url: `pglite://${directory}`, links: [productBrand] });
      await first.transaction((tx) => tx.upsertLinks(linkTableOf(productBrand), [{ left: "p1", right: "b1", data: {} }]));
      await first.close();
      const second = await openLinkStore({ url: `pglite://${directory}`, links: [productBrand] });
      const links = await second.transaction((tx) => tx.listLinks(linkTableOf(productBrand), {}));
      await second.close();
      expect(links.map((link) => [link.left, link.right])).toEqual([["p1", "b1"]]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("a refused connection is CONNECTION_FAILED naming the URL without its password and what to check", async () => {
    const error = await rejectionOf(openLinkStore({ url: "postgres://app:hunter2@127.0.0.1:1/shop", links: [productBrand] }));
    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(error.message).toContain("postgres://app:***@127.0.0.1:1/shop");
    expect(error.message).toContain("start PostgreSQL");
    expect(error.message).not.toContain("hunter2");
  });

  it("a refused connection the caller catches prints nothing: no driver stack trace, no warning", async () => {
    // A process of its own, so that what it prints is all there is to see; it runs the build, as an application would.
    const program =
      `import { openLinkStore } from ${JSON.stringify(pathToFileURL(path.resolve(import.meta.dirname, "../dist/index.js")).href)};\n` +
      `try { await openLinkStore({ url: "postgres://app@127.0.0.1:1/shop", links: [] }); } catch (error) { process.stdout.write(String(error.code)); }`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "CONNECTION_FAILED", ""]);
  });

  describe.skipIf(!database)("against a PostgreSQL server", () => {
    const urlWith = (change: (url: URL) => void) => {
      const url = new URL(database!.url);
      change(url);
      return url.toString();
    };

    it("a missing database is CONNECTION_FAILED saying to create it", async () => {
      const url = urlWith((u) => (u.pathname = "/modlink_no_such_database"));
      await expect(openLinkStore({ url, links: [] })).rejects.toMatchObject({ code: "CONNECTION_FAILED", message: expect.stringContaining("createdb") });
    });

    it("an unknown user is CONNECTION_FAILED saying to check the credentials", async () => {
      const url = urlWith((u) => {
        u.username = "modlink_no_such_role";
        u.password = "pw";
      });
      const error = await rejectionOf(openLinkStore({ url, links: [] }));
      expect(error).toMatchObject({ code: "CONNECTION_FAILED", message: expect.stringContaining("check the user and password") });
      expect(error.message).toContain("modlink_no_such_role:***@");
    });

    it("opens PostgreSQL and syncs the tables", async () => {
      const store = await openLinkStore({ url: database!.url, links: [productBrand], schema: "opened" });
      await store.transaction((tx) => tx.upsertLinks(linkTableOf(productBrand), [{ left: "p1", right: "b1", data: {} }]));
      expect((await store.knex.raw(`select count(*)::int as n from opened.${productBrand.table}`)).rows[0].n).toBe(1);
      await store.close();
    });
  });
});
