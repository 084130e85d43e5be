import type { ModuleDefinition } from "./define-module";
import type { AnyLinkDefinition } from "./define-link";
import { LinkDefinitionError, LinkStoreError } from "./errors";
import { type ChangesOptions, type ChangesPage, readChanges } from "./read-changes";
import { forEachGroup } from "./group-by";
import { toInputList } from "./input-guards";
import { LinkGraph } from "./link-graph";
import type { CreateInput, DismissInput, ListInput, RecordsInput, ReplaceInput } from "./link-input";
import type { LinkStore, LinkStoreTransaction, TransactionOptions } from "./link-store";
import type { ModuleServices } from "./module-service";
import type { LinkAsDefinition, LinkRow } from "./format-link";
import { readListSelections, readRecords } from "./parse-records";
import { listLinks, mergeSelections, readListOptions } from "./list-links";
import { planDismiss, planReplace } from "./plan-writes";
import { createLinks } from "./create-links";
import { serviceLookup } from "./cascade-services";
import { recordsOfCreate, recordsOfPairs, recordsOfReplace } from "./records-of-pairs";
import { cascadeDelete } from "./cascade-delete";
import { cascadeRestore } from "./cascade-restore";
import type { DeleteResult, RestoreResult } from "./cascade-result";
import { CALL_OPTION_NAMES, type CallOptions, type ListOptions, type ReturnLinksOption, WRITE_OPTION_NAMES } from "./call-options";
import { readFlag, readOptions } from "./option-names";
import { dismissReturning, planCreateReturning, upsertReturning } from "./returned-writes";
import type { CreatedLink, DismissedLink, LinkRowOf } from "./written-links";

export interface RemoteLinkConfig<Ds extends readonly AnyLinkDefinition[]> {
  /** Every link of the application. */
  readonly links: Ds;
  /** Where link rows live: `@modlink/knex`, `@modlink/memory` or your own `LinkStore`. */
  readonly store: LinkStore;
  /** The application's modules; when given, links naming anything else are rejected. */
  readonly modules?: readonly ModuleDefinition[];
  /** Services of the modules cascades reach, by module name or through a resolver. */
  readonly services?: ModuleServices;
}

/** What `create` takes: with `returnLinks: true`, one input or an array, never a stream (its rows would all be held). */
type CreateArgument<Ds extends readonly AnyLinkDefinition[], O> = O extends { readonly returnLinks: true }
  ? CreateInput<Ds> | readonly CreateInput<Ds>[]
  : CreateInput<Ds> | readonly CreateInput<Ds>[] | Iterable<CreateInput<Ds>> | AsyncIterable<CreateInput<Ds>>;

/** What `create` resolves to: the rows with `returnLinks: true`, nothing without it, either when the flag is only known at run time. */
type CreateResult<Ds extends readonly AnyLinkDefinition[], O> = O extends { readonly returnLinks: true }
  ? CreatedLink<LinkRowOf<Ds[number]>>[]
  : O extends { readonly returnLinks: false }
    ? void
    : O extends { readonly returnLinks: boolean }
      ? void | CreatedLink<LinkRowOf<Ds[number]>>[]
      : void;

/** What `dismiss` resolves to: the count, and the rows with `returnLinks`. */
type DismissResult<Ds extends readonly AnyLinkDefinition[], O> = O extends { readonly returnLinks: true }
  ? { dismissed: number; links: DismissedLink<LinkRowOf<Ds[number]>>[] }
  : O extends { readonly returnLinks: false }
    ? { dismissed: number }
    : O extends { readonly returnLinks: boolean }
      ? { dismissed: number; links?: DismissedLink<LinkRowOf<Ds[number]>>[] }
      : { dismissed: number };

/** What `new RemoteLink()` takes; any other name is `INVALID_INPUT`. */
const CONFIG_NAMES = ["links", "store", "modules", "services"] as const;

/**
 * Manages the links between records of different modules.
 *
 * @example
 * const remoteLink = new RemoteLink({ links: [productBrand], store: new MemoryLinkStore() })
 * await remoteLink.create({ product: { product_id: "prod_1" }, brand: { brand_id: "brand_1" } })
 * await remoteLink.list({ product: { product_id: "prod_1" } }) // [{ product_id, brand_id, ... }]
 */
export class RemoteLink<const Ds extends readonly AnyLinkDefinition[] = readonly AnyLinkDefinition[]> {
  readonly #graph: LinkGraph;
  readonly #store: LinkStore;
  readonly #services: ModuleServices | undefined;

  constructor(config: RemoteLinkConfig<Ds>) {
    readOptions(config, "new RemoteLink()'s config", CONFIG_NAMES);
    this.#graph = new LinkGraph(config.links, config.modules);
    this.#store = config.store;
    this.#services = config.services;
    if (!config.store || typeof config.store.transaction !== "function" || !config.store.capabilities) {
      throw new LinkDefinitionError("INVALID_DEFINITION", "RemoteLink needs a LinkStore (e.g. new MemoryLinkStore() or a KnexLinkStore) as `store`.");
    }
  }

  /** The validated link definitions. */
  get links(): readonly AnyLinkDefinition[] {
    return this.#graph.definitions;
  }

  /** The link graph, for tools that inspect links (sync, query, CLI). */
  get graph(): LinkGraph {
    return this.#graph;
  }

  /**
   * Links records, one pair or many, atomically. Existing links keep their id
   * and get the new `data`; soft-deleted ones are revived.
   *
   * Takes one input, an array, or any iterable or async iterable of inputs
   * (a generator, a cursor): those are read 5,000 at a time, so a call of
   * a million links never holds a million inputs. A stream is read once: if
   * the database rolls the call back as a deadlock, it fails with
   * `TRANSACTION_CONFLICT` instead of running again.
   *
   * With `{ returnLinks: true }` it resolves to one `CreatedLink` per
   * distinct pair (`created`, `revived`, `updated` or `unchanged`, with the
   * row after the call), table by table in the order the inputs name them.
   * That takes one input or an array, not a stream, and costs a read of
   * the pairs, so bulk creates leave it off.
   *
   * @example
   * await remoteLink.create({ product: { product_id: "p1" }, helloModuleService: { my_custom_id: "mc1" } })
   * @example
   * function* everyProduct() { for (let i = 0; i < 1_000_000; i++) yield { product: { product_id: `p${i}` }, brand: { brand_id: "b1" } } }
   * await remoteLink.create(everyProduct())
   * @example
   * const [{ outcome, row }] = await remoteLink.create({ product: { product_id: "p1" }, brand: { brand_id: "b1" } }, { returnLinks: true })
   * // outcome: "created", row: { id: "link_01...", product_id: "p1", brand_id: "b1", created_at, updated_at, deleted_at: null }
   */
  // One generic signature, not overloads: a mistake in an input then reads as that mistake, not as "No overload matches this call".
  create<const O extends ReturnLinksOption = Record<never, never>>(input: CreateArgument<Ds, O>, options?: O): Promise<CreateResult<Ds, O>>;
  async create(input: unknown, options: ReturnLinksOption = {}): Promise<void | CreatedLink[]> {
    const given = readOptions(options, "create()'s options", WRITE_OPTION_NAMES);
    if (readFlag(given, "returnLinks", "create()")) {
      const plan = planCreateReturning(this.#graph, input);
      const records = recordsOfCreate(plan);
      return this.#transaction(options, async (tx) => {
        await tx.lockRecords(records);
        return upsertReturning(tx, plan);
      });
    }
    await createLinks(this.#graph, (unit, work) => this.#transaction({ ...options, ...unit }, work), input);
  }

  /**
   * Removes exactly the given links (a soft delete that `restore` never undoes).
   * Dismissing a link that does not exist is not an error. With
   * `{ returnLinks: true }`, also the rows it dismissed, as they are after
   * the call, table by table in the order the inputs name them.
   *
   * @example
   * const { dismissed, links } = await remoteLink.dismiss({ product: { product_id: "p1" }, brand: { brand_id: "b1" } }, { returnLinks: true })
   */
  dismiss<const O extends ReturnLinksOption = Record<never, never>>(
    input: DismissInput<Ds> | readonly DismissInput<Ds>[],
    options?: O,
  ): Promise<DismissResult<Ds, O>>;
  async dismiss(input: unknown, options: ReturnLinksOption = {}): Promise<{ dismissed: number; links?: DismissedLink[] }> {
    const given = readOptions(options, "dismiss()'s options", WRITE_OPTION_NAMES);
    const returnLinks = readFlag(given, "returnLinks", "dismiss()");
    const plan = planDismiss(this.#graph, input);
    if (returnLinks) {
      const records = recordsOfPairs(plan);
      return this.#transaction(options, async (tx) => {
        await tx.lockRecords(records);
        const links = await dismissReturning(tx, plan);
        return { dismissed: links.length, links };
      });
    }
    // One table: its one UPDATE orders itself against every other call on the
    // rows it changes (a row another unit changed is waited for and checked
    // again), and it reads nothing else, so it needs no record locks and no
    // transaction of its own. Several tables: locks, so that no call sees
    // the dismiss done in some tables and not in the others.
    const singleWrite = plan.size === 1;
    const records = singleWrite ? [] : recordsOfPairs(plan);
    // Counted inside the unit of work: a store may run it more than once.
    return this.#transaction({ ...options, singleWrite }, async (tx) => {
      if (records.length > 0) await tx.lockRecords(records);
      let dismissed = 0;
      await forEachGroup(plan, async (table, pairs) => {
        dismissed += await tx.dismissLinks(table, pairs);
      });
      return { dismissed };
    });
  }

  /**
   * Makes the partners of a record exactly the given set, in one atomic call.
   *
   * @example
   * await remoteLink.replace({ product: { product_id: "p1" }, tag: { tag_id: ["t1", "t2"] } })
   */
  async replace(input: ReplaceInput<Ds> | readonly ReplaceInput<Ds>[], options: CallOptions = {}): Promise<{ dismissed: number }> {
    readOptions(options, "replace()'s options", CALL_OPTION_NAMES);
    const plans = planReplace(this.#graph, input);
    const records = recordsOfReplace(plans);
    return this.#transaction(options, async (tx) => {
      await tx.lockRecords(records);
      let dismissed = 0;
      for (const plan of plans) {
        dismissed += await tx.dismissAllBut(plan.table, plan.anchorSide, plan.anchors, plan.keep);
        if (plan.keep.length > 0) await tx.upsertLinks(plan.table, plan.keep);
      }
      return { dismissed };
    });
  }

  /**
   * Lists links by either side or by pairs; live links only unless
   * `withDeleted`. With `take`, `skip` or `after`, one page, in the order of
   * the links' ids.
   *
   * @example
   * const first = await remoteLink.list({ product: { product_id: "p1" } }, { take: 50 })
   * const next = await remoteLink.list({ product: { product_id: "p1" } }, { take: 50, after: first.at(-1)?.id })
   */
  list(input: ListInput<Ds> | readonly ListInput<Ds>[], options: ListOptions & { asLinkDefinition: true }): Promise<LinkAsDefinition[]>;
  list(input: ListInput<Ds> | readonly ListInput<Ds>[], options?: ListOptions): Promise<LinkRow[]>;
  async list(input: ListInput<Ds> | readonly ListInput<Ds>[], options: ListOptions = {}): Promise<Array<LinkRow | LinkAsDefinition>> {
    const request = readListOptions(options);
    const selections = mergeSelections(toInputList(input, "list").flatMap((item) => readListSelections(this.#graph, item, request.withDeleted)));
    return this.#transaction({ ...options, readOnly: true }, (tx) => listLinks(tx, selections, request));
  }

  /**
   * After records were deleted by their module, soft-deletes their links and
   * cascades to records on `deleteCascade` sides, atomically.
   *
   * @example
   * await productService.deleteProducts(["prod_123"])
   * await remoteLink.delete({ product: { product_id: "prod_123" } })
   */
  async delete(input: RecordsInput<Ds> | readonly RecordsInput<Ds>[], options: CallOptions = {}): Promise<DeleteResult> {
    readOptions(options, "delete()'s options", CALL_OPTION_NAMES);
    const roots = toInputList(input, "delete").flatMap((item) => readRecords(this.#graph, item, "delete"));
    return cascadeDelete(this.#cascadeDeps(), roots, options.transaction);
  }

  /**
   * After records were restored by their module, undoes exactly what `delete`
   * did to them: their links and the records the cascade removed.
   */
  async restore(input: RecordsInput<Ds> | readonly RecordsInput<Ds>[], options: CallOptions = {}): Promise<RestoreResult> {
    readOptions(options, "restore()'s options", CALL_OPTION_NAMES);
    const roots = toInputList(input, "restore").flatMap((item) => readRecords(this.#graph, item, "restore"));
    return cascadeRestore(this.#cascadeDeps(), roots, options.transaction);
  }

  /**
   * The change feed: what happened to link rows, in order, resumable from
   * the returned `cursor`. Needs a store with `capabilities.changeFeed`.
   *
   * @example
   * let cursor = "0"
   * const { changes, cursor: next } = await remoteLink.changes({ after: cursor, limit: 500 })
   * for (const change of changes) console.log(change.position, change.operation, change.keys)
   * cursor = next
   */
  changes(options?: ChangesOptions<Ds[number]>): Promise<ChangesPage> {
    return readChanges(this.#graph, this.#store, options);
  }

  #cascadeDeps() {
    return { graph: this.#graph, store: this.#store, lookup: serviceLookup(this.#services) };
  }

  #transaction<T>(options: CallOptions & Omit<TransactionOptions, "outer">, work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T> {
    if (options.transaction !== undefined && !this.#store.capabilities.outerTransaction) {
      throw new LinkStoreError(
        "MISSING_CAPABILITY",
        "This store cannot join a host transaction; drop the `transaction` option or use a store that supports it.",
      );
    }
    return this.#store.transaction(work, {
      outer: options.transaction,
      readOnly: options.readOnly === true,
      singleWrite: options.transaction === undefined && options.singleWrite === true,
    });
  }
}
