import { type AnyLinkDefinition, type ExtraColumn, type ExtraColumnType, type ExtraColumns, ExtraColumnTypes, defineLink, defineModule } from "@modlink/core";
import fc from "fast-check";

const Product = defineModule("product", { models: ["product"] });
const Tag = defineModule("tag", { models: ["tag"] });
const Label = defineModule("label", { models: ["label"] });

/** One version of the link an application keeps changing; the table name never changes. */
export interface LinkVersion {
  readonly productList: boolean;
  readonly tagList: boolean;
  /** The right side's module: renaming it renames the key column. */
  readonly right: "tag" | "label";
  readonly columns: ExtraColumns;
}

export const SAFETY_TABLE = "link_sync_safety";

export function versionLink(version: LinkVersion): AnyLinkDefinition {
  const right = version.right === "tag" ? Tag.linkable.tag : Label.linkable.label;
  return defineLink(
    { linkable: Product.linkable.product, isList: version.productList },
    { linkable: right, isList: version.tagList },
    { database: { table: SAFETY_TABLE, extraColumns: version.columns } },
  );
}

/** Data for a create on this version: a value for every column, some null. */
export function sampleData(version: LinkVersion, n: number): Record<string, unknown> {
  const values: Record<string, (n: number) => unknown> = {
    text: (i) => `v${i}'`,
    integer: (i) => i,
    bigint: (i) => String(i * 1000),
    float: (i) => i + 0.5,
    boolean: (i) => i % 2 === 0,
    json: (i) => ({ i }),
    timestamp: (i) => new Date(Date.UTC(2030, 0, i + 1)),
  };
  return Object.fromEntries(Object.entries(version.columns).map(([name, column]) => [name, column.nullable && n % 3 === 2 ? null : values[column.type]?.(n)]));
}

const columnNames = ["note", "rank", "score", "meta"] as const;

/** A nullable column of each type, or one with a default. */
const columnOfType: { readonly [T in ExtraColumnType]: (nullable: boolean) => ExtraColumn<T> } = {
  text: (nullable) => (nullable ? { type: "text", nullable } : { type: "text", default: "d" }),
  integer: (nullable) => (nullable ? { type: "integer", nullable } : { type: "integer", default: 1 }),
  bigint: (nullable) => (nullable ? { type: "bigint", nullable } : { type: "bigint", default: "1" }),
  float: (nullable) => (nullable ? { type: "float", nullable } : { type: "float", default: 1.5 }),
  boolean: (nullable) => (nullable ? { type: "boolean", nullable } : { type: "boolean", default: true }),
  json: (nullable) => (nullable ? { type: "json", nullable } : { type: "json", default: { d: 1 } }),
  timestamp: (nullable) => (nullable ? { type: "timestamp", nullable } : { type: "timestamp", default: "2030-01-01T00:00:00.000Z" }),
};
const columnSpec = fc.tuple(fc.constantFrom(...ExtraColumnTypes), fc.boolean()).map(([type, nullable]) => columnOfType[type](nullable));

/** A random version: cardinality, key and a random subset of typed columns. */
export const linkVersions: fc.Arbitrary<LinkVersion> = fc.record({
  productList: fc.boolean(),
  tagList: fc.boolean(),
  right: fc.constantFrom("tag" as const, "label" as const),
  columns: fc
    .subarray([...columnNames])
    .chain((names) => fc.tuple(...names.map(() => columnSpec)).map((specs): ExtraColumns => Object.fromEntries(names.map((name, i) => [name, specs[i]!])))),
});
