import type { AnyLinkDefinition } from "@modlink/core";

/** A table in the same database holding a model's records. */
export interface ModelTable {
  readonly table: string;
  /** Default: the link schema (`schema` of the config, else `"public"`). */
  readonly schema?: string;
  /** Default: the model's `primaryKey` from `defineModule` (`"id"`). */
  readonly primaryKey?: string;
}

/** What `exists` is told about the ids it is asked about. */
export interface ExistsContext {
  /** The model the ids belong to, e.g. `"product_variant"`. */
  readonly model: string;
  /** The link key of that model, e.g. `"product_variant_id"`. */
  readonly key: string;
}

/**
 * How `modlink doctor` can tell whether a module still has the records links
 * point at. Models listed in `tables` are checked with one SQL query each;
 * other models of the module go through `exists`.
 */
export interface ModuleCheck<Model extends string = string> {
  /** Tables of the module's models in the link database: `"product"`, `"catalog.product"` or `{ table, schema, primaryKey }`. */
  readonly tables?: { readonly [M in Model]?: string | ModelTable };
  /** Returns those of `ids` that still exist (any order); the others are reported as dangling. Called with batches of at most 1,000 ids. */
  readonly exists?: (ids: readonly string[], context: ExistsContext) => Iterable<string> | Promise<Iterable<string>>;
}

type Sides<L> = L extends AnyLinkDefinition ? L["left"] | L["right"] : never;
type ModuleNames<Links extends readonly AnyLinkDefinition[]> = Sides<Links[number]>["module"] & string;
type ModelsOf<Links extends readonly AnyLinkDefinition[], M extends string> = Extract<Sides<Links[number]>, { module: M }>["model"] & string;

/** The content of `modlink.config.ts`. */
export interface ModlinkConfig<Links extends readonly AnyLinkDefinition[] = readonly AnyLinkDefinition[]> {
  /** Every link of the application, as made by `defineLink`. */
  readonly links: Links;
  /** `postgres://...`, `pglite://./dir` or `pglite:///abs/dir`. The `DATABASE_URL` environment variable overrides it. */
  readonly databaseUrl?: string;
  /** Schema of the link tables. Default `"public"`. */
  readonly schema?: string;
  /**
   * The application keeps a change feed (`KnexLinkStore({ changeFeed: true })`):
   * `modlink sync` also creates the feed's tables, and `modlink plan` reports
   * them while missing. Default false.
   */
  readonly changeFeed?: boolean;
  /** Per module, how `modlink doctor` checks that linked ids still exist. */
  readonly modules?: { readonly [M in ModuleNames<Links>]?: ModuleCheck<ModelsOf<Links, M>> };
}

/**
 * Types a `modlink.config.ts`; returns its argument unchanged. Module and
 * model names under `modules` are checked against the links at compile time.
 *
 * @example
 * export default defineConfig({
 *   links: [productBrand],
 *   databaseUrl: "pglite://./.modlink-data",
 *   changeFeed: true,
 *   modules: { product: { tables: { product: "product" } } },
 * })
 */
export function defineConfig<const Links extends readonly AnyLinkDefinition[]>(config: ModlinkConfig<Links>): ModlinkConfig<Links> {
  return config;
}
