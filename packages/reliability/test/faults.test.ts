import { CascadeError, LinkError, linkTableOf } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CascadeScenario, cascadeScenarios } from "../src/cascade-scenarios";
import { type CascadeOperation, type FaultOutcome, injectAtEveryPosition, prepare, storedState } from "../src/fault-harness";
import { type FaultAction, throwFault } from "../src/fault-points";
import { fixtureLink } from "../src/link-sets";
import { holdTableLock, terminateBackend, waitingBackend } from "../src/lock-waits";
import { openPgliteMemory } from "../src/pglite-memory";
import { openPostgresSchema } from "../src/postgres-server";
import { type StoreUnderTest, knexUnderTest, memoryUnderTest } from "../src/store-under-test";

const server = await openPostgresSchema("faults");
let pglite: Knex;
let pgliteTarget: StoreUnderTest;
let postgresTarget: StoreUnderTest;

beforeAll(async () => {
  pglite = await openPgliteMemory();
  pgliteTarget = await knexUnderTest("PGlite", pglite, "faults", conformanceLinks);
  if (server) postgresTarget = await knexUnderTest("PostgreSQL", server.connect({ poolMax: 4 }), server.schema, conformanceLinks);
});
afterAll(async () => {
  await pglite?.destroy();
  await server?.close();
});

/** Faults injected in this file, by kind; the last test asserts the total. */
const injected = new Map<string, number>();
const count = (kind: string, n: number) => injected.set(kind, (injected.get(kind) ?? 0) + n);

const cascades = cascadeScenarios.flatMap((scenario) => (["delete", "restore"] as const).map((operation) => ({ scenario, operation, name: scenario.name })));

/** Every position faulted, every time the store and the records are as before the call. */
function expectUndone(outcomes: readonly FaultOutcome[], check: (outcome: FaultOutcome) => void): void {
  expect(outcomes.length).toBeGreaterThan(0);
  for (const outcome of outcomes) {
    const at = `fault at call ${outcome.position} (${outcome.module})`;
    expect(outcome.module, at).toBeDefined();
    expect(outcome.error, at).toBeInstanceOf(LinkError);
    check(outcome);
    expect(outcome.after, at).toEqual(outcome.before);
  }
}

function serviceThrowTests(store: string, target: () => StoreUnderTest): void {
  it.each(cascades)(
    "$operation of $name: a module service throwing at any call leaves links and records as they were, with a CascadeError naming the module",
    async ({ scenario, operation }) => {
      const outcomes = await injectAtEveryPosition(target(), scenario, operation, throwFault);
      count(`${store}: module service throws`, outcomes.length);
      expectUndone(outcomes, ({ error, module }) => {
        expect(error).toBeInstanceOf(CascadeError);
        expect(error).toMatchObject({ code: "CASCADE_FAILED", module, message: expect.stringContaining(`injected ${operation} fault in ${module}`) });
        expect((error as Error).cause).toBeInstanceOf(Error);
      });
    },
  );
}

describe("faults on the memory store", () => serviceThrowTests("memory", () => memoryUnderTest()));
describe("faults on PGlite", () => serviceThrowTests("PGlite", () => pgliteTarget));

describe.skipIf(!server)("faults on PostgreSQL", () => {
  serviceThrowTests("PostgreSQL", () => postgresTarget);

  /** Kills the backend of the store's own transaction from inside a module service. */
  const terminateOwnBackend: FaultAction = async (context) => {
    const pid = (await (context.transaction as Knex.Transaction).raw("select pg_backend_pid() as pid")).rows[0].pid as number;
    await terminateBackend(server!.admin, pid);
  };

  /** A module service whose query outlives the transaction's statement timeout. */
  const sleepPastTimeout: FaultAction = async (context) => {
    const trx = context.transaction as Knex.Transaction;
    await trx.raw("set local statement_timeout = '50ms'");
    await trx.raw("select pg_sleep(30)");
  };

  it.each(cascades)(
    "$operation of $name: the connection terminated (pg_terminate_backend) at any call leaves links and records as they were, with CONNECTION_FAILED",
    async ({ scenario, operation }) => {
      const outcomes = await injectAtEveryPosition(postgresTarget, scenario, operation, terminateOwnBackend);
      count("PostgreSQL: backend terminated inside a cascade", outcomes.length);
      expectUndone(outcomes, ({ error }) => {
        expect(error).toMatchObject({ code: "CONNECTION_FAILED", message: expect.stringMatching(/terminat/i) });
      });
    },
  );

  it.each(cascades)(
    "$operation of $name: a statement timeout inside a module service at any call leaves links and records as they were, with a CascadeError that says so",
    async ({ scenario, operation }) => {
      const outcomes = await injectAtEveryPosition(postgresTarget, scenario, operation, sleepPastTimeout);
      count("PostgreSQL: statement timeout inside a cascade", outcomes.length);
      expectUndone(outcomes, ({ error, module }) => {
        expect(error).toMatchObject({ code: "CASCADE_FAILED", module, message: expect.stringContaining("statement timeout") });
      });
    },
  );

  const scenario = cascadeScenarios[0] as CascadeScenario;
  const productBrand = linkTableOf(fixtureLink("product", "brand")).name;
  const productTag = linkTableOf(fixtureLink("product", "tag")).name;
  const calls: readonly { method: "create" | "dismiss" | "replace" | CascadeOperation; input: unknown; table: string; after: "links" | "delete" }[] = [
    {
      method: "create",
      input: [
        { product: { product_id: "p7" }, brand: { brand_id: "b1" } },
        { product: { product_id: "p1" }, tag: { tag_id: "t9" } },
      ],
      table: productBrand,
      after: "links",
    },
    { method: "dismiss", input: { product: { product_id: "p1" }, brand: { brand_id: "b1" } }, table: productBrand, after: "links" },
    { method: "replace", input: { product: { product_id: "p1" }, tag: { tag_id: ["t7", "t8"] } }, table: productTag, after: "links" },
    { method: "delete", input: scenario.roots, table: productBrand, after: "links" },
    { method: "restore", input: scenario.roots, table: productBrand, after: "delete" },
  ];

  it.each(calls)(
    "$method: the connection terminated while a statement waits leaves the stored state as before, with CONNECTION_FAILED",
    async ({ method, input, table, after }) => {
      const { remoteLink, modules } = await prepare(postgresTarget, scenario, after === "delete" ? "restore" : "delete");
      const before = await storedState(postgresTarget, scenario, modules);
      const lock = await holdTableLock(server!.admin, server!.schema, table);
      let error: unknown;
      try {
        const call = remoteLink[method](input).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        await terminateBackend(server!.admin, await waitingBackend(server!.admin, server!.schema, table));
        count("PostgreSQL: backend terminated mid-statement", 1);
        error = await call;
      } finally {
        await lock.release();
      }
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "CONNECTION_FAILED", message: expect.stringMatching(/terminat/i) });
      expect(await storedState(postgresTarget, scenario, modules)).toEqual(before);
    },
  );

  it.each(calls)(
    "$method: a statement timeout set on the host transaction fails the call with a typed error that says so, and stores nothing",
    async ({ method, input, table, after }) => {
      const { remoteLink, modules } = await prepare(postgresTarget, scenario, after === "delete" ? "restore" : "delete");
      const before = await storedState(postgresTarget, scenario, modules);
      const lock = await holdTableLock(server!.admin, server!.schema, table);
      let error: unknown;
      try {
        const knex = server!.connect({ poolMax: 1 });
        error = await knex
          .transaction(async (trx) => {
            await trx.raw("set local statement_timeout = '50ms'");
            await remoteLink[method](input, { transaction: trx });
          })
          .then(
            () => undefined,
            (failure: unknown) => failure,
          );
        count("PostgreSQL: statement timeout on the host transaction", 1);
      } finally {
        await lock.release();
      }
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: expect.stringMatching(/STORE_FAILURE|CASCADE_FAILED/), message: expect.stringContaining("statement timeout") });
      expect(await storedState(postgresTarget, scenario, modules)).toEqual(before);
    },
  );
});

describe("fault count", () => {
  it("this run injected at least 100 faults across create, dismiss, replace, delete and restore (60 without PostgreSQL)", () => {
    const total = [...injected.values()].reduce((sum, n) => sum + n, 0);
    console.info(`faults injected: ${total}\n${[...injected].map(([kind, n]) => `  ${kind}: ${n}`).join("\n")}`);
    expect(total).toBeGreaterThanOrEqual(server ? 100 : 60);
  });
});
