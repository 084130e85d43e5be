import { LinkDefinitionError } from "@modlink/core";
import { describe, isValidIdentifier } from "@modlink/core/store";
import type { JoinTable } from "./join-reader";
import type { QueryableModuleService } from "./queryable-module";
import type { SqlSource, SqlTableSource } from "./sql-source";

/** A model's table with its field -> column map, checked. */
export interface SqlModel {
  readonly database: string;
  readonly table: JoinTable;
  readonly columns: ReadonlyMap<string, string>;
}

/**
 * Checks every module's `sqlSource` and returns the table of each model by
 * entity name (`module.model`). Errors name the module, model and field.
 */
export function sqlModelsOf(modules: Readonly<Record<string, QueryableModuleService>>): Map<string, SqlModel> {
  const models = new Map<string, SqlModel>();
  for (const [module, service] of Object.entries(modules)) {
    const source = service?.sqlSource;
    if (source === undefined) continue;
    const where = `sqlSource of module "${module}"`;
    if (typeof source !== "object" || source === null || typeof source.database !== "string" || source.database.length === 0) {
      throw invalid(`${where} needs \`database\` (the name the link store's joinReader gives its database) and \`tables\`.`);
    }
    if (source.schema !== undefined) identifier(source.schema, `${where}: schema`);
    for (const [model, described] of Object.entries(service.models)) {
      const table = source.tables?.[model];
      if (!table) throw invalid(`${where} has no table for model "${model}": add tables: { ${model}: { table: "..." } }.`);
      models.set(`${module}.${model}`, sqlModel(source, table, described.fields, described.primaryKey ?? "id", `${where}, model "${model}"`));
    }
  }
  return models;
}

function sqlModel(source: SqlSource, input: SqlTableSource, fields: readonly string[], primaryKey: string, where: string): SqlModel {
  for (const field of Object.keys(input.columns ?? {})) {
    if (!fields.includes(field)) throw invalid(`${where}: columns names "${field}", which is not one of its fields (${fields.join(", ")}).`);
  }
  const columns = new Map(fields.map((field) => [field, identifier(input.columns?.[field] ?? field, `${where}: the column of field "${field}"`)] as const));
  const deletedField = input.deletedAt === undefined ? (fields.includes("deleted_at") ? "deleted_at" : undefined) : (input.deletedAt ?? undefined);
  if (deletedField !== undefined && !fields.includes(deletedField)) {
    throw invalid(`${where}: deletedAt names "${deletedField}", which is not one of its fields (${fields.join(", ")}).`);
  }
  const table: JoinTable = Object.freeze({
    schema: source.schema,
    table: identifier(input.table, `${where}: table`),
    primaryKey: columns.get(primaryKey) as string,
    deletedAt: deletedField === undefined ? undefined : columns.get(deletedField),
  });
  return { database: source.database, table, columns };
}

function identifier(name: unknown, what: string): string {
  if (!isValidIdentifier(name)) {
    throw invalid(
      `${what} is ${describe(name)}; SQL names here must be lower-case letters, digits and underscores (at most 63 bytes). ` +
        `Map fields to such columns through \`columns\`, or leave out sqlSource.`,
    );
  }
  return name;
}

function invalid(message: string): LinkDefinitionError {
  return new LinkDefinitionError("INVALID_DEFINITION", message);
}
