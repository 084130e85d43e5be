import { LinkDefinitionError, type LinkGraph, type LinkStore } from "@modlink/core";
import { assembleRecords } from "./assemble-records";
import { checkKeysFound, planFoundChecks } from "./found-checks";
import { type GraphOptions, readGraphOptions } from "./graph-options";
import { fetchFieldsOf, loadRelations } from "./load-relations";
import { readOptions } from "./option-names";
import { planQuery } from "./plan-query";
import type { GraphQuery, GraphResult } from "./query-input";
import { DEFAULT_QUERY_LIMITS, type QueryLimits, resolveLimits } from "./query-limits";
import { QuerySchema, type RelationNames } from "./query-schema";
import type { QueryableModuleService } from "./queryable-module";
import type { ReadOnlyLink } from "./read-only-link";
import { RecordBudget } from "./record-budget";
import { resolveFilter } from "./resolve-filter";
import { checkUnpagedRoot, fetchRootPage } from "./root-page";
import { SqlJoins } from "./sql-joins";
import { LINK_ENTITY_MODULE, type LinkEntities, type LinkRecordsReader, linkEntities } from "./link-entities";

export interface LinkQueryConfig {
  /** The application's links: `remoteLink.graph`. Omit only when every relation is read-only. */
  readonly graph?: LinkGraph;
  /** Where the link rows are: the store given to `RemoteLink`. Required with `graph`. */
  readonly store?: LinkStore;
  /** The query service of each module whose records queries read, by module name. */
  readonly modules: Readonly<Record<string, QueryableModuleService>>;
  /** Links stored as fields of a module's own records, followed in queries only. */
  readonly readOnlyLinks?: readonly ReadOnlyLink[];
  /** Custom relation names: `{ product: { brand: "maker" } }` (entity, then the derived name). */
  readonly relationNames?: RelationNames;
  /** Bounds on the work of one `graph` call; each omitted limit keeps its default (`DEFAULT_QUERY_LIMITS`). */
  readonly limits?: Partial<QueryLimits>;
  /**
   * Reads link tables as records (`@modlink/knex`'s `linkTableRecords`):
   * with it, every link of `graph` is also an entity, named by its
   * `entryPoint`, with its columns as fields and a relation to each side's
   * record: `graph({ entity: productBrand.entryPoint, fields: ["metadata", "product.*", "brand.*"] })`.
   */
  readonly linkRecords?: LinkRecordsReader;
}

const CONFIG_NAMES = ["graph", "store", "modules", "readOnlyLinks", "relationNames", "limits", "linkRecords"] as const;

/**
 * Reads records together with their linked records, hop by hop and set-based:
 * one fetch per module per relation, never per parent record. When the store
 * declares `joinReads` and modules declare a `sqlSource` in its database,
 * a hop between them is one SQL join and the root page one statement.
 *
 * @example
 * const query = new LinkQuery({ graph: remoteLink.graph, store, modules: { product: productQuery, brand: brandQuery } })
 * const { data, metadata } = await query.graph({
 *   entity: "product",
 *   fields: ["id", "title", "brand.name"],
 *   filters: { brand: { name: "acme" } },
 *   order: ["brand.name", "title"],
 *   pagination: { skip: 20, take: 10 },
 * })
 */
export class LinkQuery {
  readonly #schema: QuerySchema;
  readonly #store: LinkStore | undefined;
  readonly #joins: SqlJoins | undefined;
  readonly #limits: QueryLimits;

  constructor(config: LinkQueryConfig) {
    readOptions(config, "new LinkQuery()", CONFIG_NAMES);
    if (!config || typeof config.modules !== "object" || config.modules === null) {
      throw new LinkDefinitionError("INVALID_DEFINITION", "LinkQuery needs `modules`: { [moduleName]: { models, listRecords } }.");
    }
    if (config.graph && (!config.store || typeof config.store.transaction !== "function")) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        "LinkQuery reads link tables: pass the link store with the graph: new LinkQuery({ graph: remoteLink.graph, store, modules }).",
      );
    }
    const links = linkEntitiesOf(config);
    this.#schema = new QuerySchema({
      graph: config.graph,
      modules: links ? { ...config.modules, [LINK_ENTITY_MODULE]: links.module } : config.modules,
      readOnlyLinks: [...(config.readOnlyLinks ?? []), ...(links?.readOnlyLinks ?? [])],
      relationNames: config.relationNames,
    });
    this.#limits = resolveLimits(DEFAULT_QUERY_LIMITS, config.limits, "LinkQuery's limits", true);
    this.#store = config.store;
    this.#joins = SqlJoins.of(config.store, config.modules);
  }

  /** The entities queries can name. */
  get entities(): string[] {
    return this.#schema.entityNames.sort();
  }

  /** The relation names of an entity, as they appear in results. */
  relationsOf(entity: string): string[] {
    return [...this.#schema.entity(entity).relations.keys()].sort();
  }

  /** The limits each `graph` call runs under, unless its options raise or lower them. */
  get limits(): QueryLimits {
    return this.#limits;
  }

  /**
   * Reads root records with the selected fields and relations. Soft-deleted
   * records and links are left out unless `withDeleted`. A query over the
   * limits fails with `QUERY_TOO_COSTLY` (a `QueryCostError`), before any
   * read when the query shows it, else as soon as a read returns too much.
   * A record reached under several parents is one shared object. With
   * `throwIfKeyNotFound` or `throwIfRelationNotFound`, records that must be
   * there and are not fail the call with `RECORD_NOT_FOUND` (a
   * `RecordNotFoundError`). Every input and option is checked before any read.
   */
  async graph(query: GraphQuery, options?: GraphOptions): Promise<GraphResult> {
    const call = readGraphOptions(options, this.#limits);
    const budget = new RecordBudget(call.limits);
    const plan = planQuery(this.#schema, query, budget.limits);
    const found = planFoundChecks(plan, call);
    const context = { store: this.#store, withDeleted: plan.withDeleted, moduleContext: plan.context, joins: this.#joins, budget };
    const joined = await this.#joins?.readPage(plan, fetchFieldsOf(plan.root), budget.readLimit);
    if (joined) checkUnpagedRoot(context, plan, joined.rows.length);
    const page = joined ?? (await fetchRootPage(context, plan, await resolveFilter(context, plan.filter)));
    checkKeysFound(plan, found.keys, page.rows);
    const loaded = await loadRelations(context, plan.root, page.rows, found.relations);
    return {
      data: assembleRecords(plan.root, page.rows, loaded),
      metadata: { count: page.count, skip: plan.skip, take: plan.take ?? null },
    };
  }
}

/** The link entities `linkRecords` asks for; checked before the schema is built. */
function linkEntitiesOf(config: LinkQueryConfig): LinkEntities | undefined {
  if (config.linkRecords === undefined) return undefined;
  if (typeof config.linkRecords !== "function" || !config.graph) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      "LinkQuery's linkRecords must be a function reading a link table's rows (e.g. linkTableRecords(knex) from @modlink/knex), given with graph and store.",
    );
  }
  return linkEntities(config.graph, config.linkRecords, config.modules);
}
