import type { LinkTable } from "@modlink/core";
import type { LinkRecordsReader } from "@modlink/query";
import type { Knex } from "knex";
import { listTableRecords } from "./list-table-records";

/**
 * `LinkQuery`'s `linkRecords` for link tables in this database: each link's
 * rows read as records (`listTableRecords` over its table), so links are
 * query entities named by their `entryPoint`. Filters, order and pages run
 * in SQL: a query never reads more rows than it returns and counts.
 *
 * @example
 * const query = new LinkQuery({ graph: remoteLink.graph, store, modules, linkRecords: linkTableRecords(knex) })
 * await query.graph({ entity: productBrand.entryPoint, fields: ["id", "product.title", "brand.name"] })
 */
export function linkTableRecords(knex: Knex, options: { readonly schema?: string } = {}): LinkRecordsReader {
  return (table: LinkTable, query) => listTableRecords(knex, { table: table.name, ...(options.schema === undefined ? {} : { schema: options.schema }) }, query);
}
