import { type CascadeContext, type KeyedIds, type LinkableModuleService, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModuleServiceHarness, ModuleServiceSuiteOptions } from "./module-service-harness";

/** The other side of the link the SQL test cascades through: a module of the suite's own, never deleted itself. */
const Owner = defineModule("suite_owner", { models: ["owner"] });

let deletions = 0;
/** A deletion id of its own for each call, unless the call restores what a deletion removed. */
const newDeletionId = () => `del_suite_${++deletions}`;
const context = (transaction: unknown, deletionId = newDeletionId()): CascadeContext => ({ transaction, deletionId });

/** Every id a service reported, whatever the key. */
const reported = (ids: KeyedIds) => Object.values(ids).flat();

/**
 * The contract of `LinkableModuleService` for one model of one module: what
 * cascades rely on when they call it. Run it for each model a `deleteCascade`
 * side points at.
 *
 * @example
 * moduleServiceSuite({
 *   name: "brand",
 *   async makeService() {
 *     const brands = createBrandService(knex)
 *     return {
 *       service: brands,
 *       linkable: Brand.linkable.brand,
 *       seed: async (count) => (await brands.createMany(count)).map((row) => row.id),
 *       isDeleted: async (id) => (await brands.retrieve(id))?.deleted_at != null,
 *       inTransaction: (work) => knex.transaction((trx) => work(trx)),
 *       linkStore: async (links) => { const store = new KnexLinkStore({ knex, database: APP_DATABASE }); await store.sync(links); return store },
 *       close: async () => {},
 *     }
 *   },
 * })
 */
export function moduleServiceSuite(options: ModuleServiceSuiteOptions): void {
  describe(`LinkableModuleService conformance: ${options.name}`, () => {
    let current: ModuleServiceHarness | undefined;
    const harness = () => current as ModuleServiceHarness;
    beforeAll(async () => {
      current = await options.makeService();
    });
    afterAll(() => current?.close());

    const deletedStates = (ids: readonly string[]) => Promise.all(ids.map((id) => harness().isDeleted(id)));
    const model = () => harness().linkable.model;
    const key = () => harness().linkable.key;
    /** Runs calls as a cascade would: inside the harness's transaction for a service that joins it, else without one. */
    const asCascade = <T>(deletionId: string, work: (context: CascadeContext) => Promise<T>): Promise<T> => {
      if (harness().service.writeMode !== "joins-transaction") return work(context(undefined, deletionId));
      const current = harness();
      if (!current.inTransaction) throw new Error(`${options.name} declares writeMode "joins-transaction": its harness must give inTransaction.`);
      return current.inTransaction((transaction) => work(context(transaction, deletionId)));
    };
    // A restore names the deletion it undoes, as cascades do: a module may restore only what that deletion removed.
    const softDelete = (ids: readonly string[], deletionId = newDeletionId()) =>
      asCascade(deletionId, (c) => harness().service.softDeleteRecords(model(), ids, c));
    const restore = (ids: readonly string[], deletionId: string) => asCascade(deletionId, (c) => harness().service.restoreRecords(model(), ids, c));

    it("softDeleteRecords deletes exactly the given records and reports them under the model's key", async () => {
      const [a, b, untouched] = (await harness().seed(3)) as [string, string, string];
      const result = await softDelete([a, b]);
      expect(Object.keys(result)).toContain(key());
      expect([...(result[key()] ?? [])].sort()).toEqual([a, b].sort());
      expect(await deletedStates([a, b, untouched])).toEqual([true, true, false]);
    });

    it("records already deleted and ids that name no record are left out of the result and unchanged", async () => {
      const [gone, live] = (await harness().seed(2)) as [string, string];
      await softDelete([gone]);
      expect(reported(await softDelete([gone, live, `${live}_missing`]))).toEqual([live]);
      expect(reported(await softDelete([gone, live]))).toEqual([]);
      expect(await deletedStates([gone, live])).toEqual([true, true]);
    });

    it("restoreRecords is the inverse: it restores the deleted ones among the given records and reports only those", async () => {
      const [a, b, live] = (await harness().seed(3)) as [string, string, string];
      const deletionId = newDeletionId();
      await softDelete([a, b], deletionId);
      const result = await restore([a, live, `${live}_missing`], deletionId);
      expect(Object.keys(result)).toContain(key());
      expect(reported(result)).toEqual([a]);
      expect(await deletedStates([a, b, live])).toEqual([false, true, false]);
    });

    it("an empty list of ids changes nothing and reports nothing", async () => {
      const [live] = (await harness().seed(1)) as [string];
      expect(reported(await softDelete([]))).toEqual([]);
      expect(reported(await restore([], newDeletionId()))).toEqual([]);
      expect(await harness().isDeleted(live)).toBe(false);
    });

    it("a service that joins the transaction leaves nothing behind when it rolls back; one that does not commits on its own", async () => {
      const [a, b] = (await harness().seed(2)) as [string, string];
      const current = harness();
      const { service } = current;
      if (service.writeMode !== "joins-transaction") {
        // "separate" (the default): compensation calls it without a transaction, and its writes stand by themselves.
        expect(reported(await service.softDeleteRecords(model(), [a], context(undefined)))).toEqual([a]);
        expect(await deletedStates([a, b])).toEqual([true, false]);
        return;
      }
      if (!current.inTransaction) throw new Error(`${options.name} declares writeMode "joins-transaction": its harness must give inTransaction.`);
      const rollBack = new Error("roll back");
      const failed = await current
        .inTransaction(async (transaction) => {
          expect(reported(await service.softDeleteRecords(model(), [a, b], context(transaction)))).toHaveLength(2);
          throw rollBack;
        })
        .catch((error: unknown) => error);
      expect(failed).toBe(rollBack);
      expect(await deletedStates([a, b])).toEqual([false, false]);
    });

    it("a cascade through RemoteLink deletes and restores the record: as SQL when it declares sqlSoftDelete, else through the service", async () => {
      const { service, linkable } = harness();
      const link = defineLink(Owner.linkable.owner, { linkable, deleteCascade: true });
      const store = await harness().linkStore([link]);
      try {
        const calls: string[] = [];
        const watched: LinkableModuleService = {
          ...(service.writeMode === undefined ? {} : { writeMode: service.writeMode }),
          ...(service.sqlSoftDelete === undefined ? {} : { sqlSoftDelete: service.sqlSoftDelete }),
          softDeleteRecords: (m, ids, c) => (calls.push("delete"), service.softDeleteRecords(m, ids, c)),
          restoreRecords: (m, ids, c) => (calls.push("restore"), service.restoreRecords(m, ids, c)),
        };
        // Untyped on purpose: the link is made at run time from the harness's linkable.
        const remoteLink: RemoteLink = new RemoteLink({ links: [link], store, services: { [linkable.module]: watched } });
        const [record, other] = (await harness().seed(2)) as [string, string];
        const owner = { [Owner.name]: { [Owner.linkable.owner.key]: `owner_of_${record}` } };
        await remoteLink.create({ ...owner, [linkable.module]: { [linkable.key]: record } } as never);
        const deleted = await remoteLink.delete(owner as never);
        expect(deleted.records).toEqual({ [linkable.module]: { [linkable.key]: [record] } });
        expect(await deletedStates([record, other])).toEqual([true, false]);
        const restored = await remoteLink.restore(owner as never);
        expect(restored.records).toEqual(deleted.records);
        expect(await deletedStates([record, other])).toEqual([false, false]);
        // A store in the declared database runs both steps as SQL; any other calls the service.
        expect(calls).toEqual(service.sqlSoftDelete === undefined ? ["delete", "restore"] : []);
      } finally {
        await store.close();
      }
    });
  });
}
