import type { AnyLinkDefinition } from "@modlink/core";
import { CliError } from "./cli-error";
import type { ExistsContext, ModelTable } from "./define-config";

/** A model's table, with every part filled in. */
export interface ResolvedModelTable {
  readonly schema: string;
  readonly table: string;
  readonly primaryKey: string;
}

/** How doctor checks one module's ids. */
export interface ResolvedModuleCheck {
  /** By model name. */
  readonly tables: ReadonlyMap<string, ResolvedModelTable>;
  readonly exists: ((ids: readonly string[], context: ExistsContext) => Iterable<string> | Promise<Iterable<string>>) | undefined;
}

/**
 * Normalises `modules` of the config, refusing modules and models no link
 * names (a typo there would silently skip a check).
 *
 * @example resolveModuleChecks({ product: { tables: { product: "catalog.product" } } }, { file, schema: "public", definitions })
 */
export function resolveModuleChecks(
  modules: unknown,
  context: { readonly file: string; readonly schema: string; readonly definitions: readonly AnyLinkDefinition[] },
): ReadonlyMap<string, ResolvedModuleCheck> {
  const { file, definitions } = context;
  if (modules === undefined) return new Map();
  if (typeof modules !== "object" || modules === null) throw invalid(file, "`modules` must be an object keyed by module name.");
  const sides = definitions.flatMap((definition) => [definition.left, definition.right]);
  const checks = new Map<string, ResolvedModuleCheck>();
  for (const [module, value] of Object.entries(modules)) {
    const ofModule = sides.filter((side) => side.module === module);
    if (ofModule.length === 0) {
      const known = [...new Set(sides.map((side) => String(side.module)))].join(", ");
      throw invalid(file, `modules.${module}: no link names module "${module}" (linked modules: ${known}).`);
    }
    if (typeof value !== "object" || value === null) throw invalid(file, `modules.${module} must be an object with \`tables\` and/or \`exists\`.`);
    const { tables, exists } = value as { tables?: unknown; exists?: unknown };
    if (exists !== undefined && typeof exists !== "function")
      throw invalid(file, `modules.${module}.exists must be a function (ids, { model, key }) => existing ids.`);
    const resolved = new Map<string, ResolvedModelTable>();
    for (const [model, spec] of Object.entries(tables ?? {})) {
      const side = ofModule.find((candidate) => candidate.model === model);
      if (side === undefined) {
        const known = [...new Set(ofModule.map((candidate) => String(candidate.model)))].join(", ");
        throw invalid(file, `modules.${module}.tables.${model}: module "${module}" links no model "${model}" (linked models: ${known}).`);
      }
      resolved.set(model, modelTable(spec, { where: `modules.${module}.tables.${model}`, file, schema: context.schema, primaryKey: side.linkable.primaryKey }));
    }
    checks.set(module, Object.freeze({ tables: resolved, exists: exists as ResolvedModuleCheck["exists"] }));
  }
  return checks;
}

function modelTable(spec: unknown, context: { where: string; file: string; schema: string; primaryKey: string }): ResolvedModelTable {
  if (typeof spec === "string" && spec.length > 0) {
    const dot = spec.indexOf(".");
    return dot < 0
      ? { schema: context.schema, table: spec, primaryKey: context.primaryKey }
      : { schema: spec.slice(0, dot), table: spec.slice(dot + 1), primaryKey: context.primaryKey };
  }
  if (!isModelTable(spec))
    throw invalid(context.file, `${context.where} must be a table name ("product", "catalog.product") or { table, schema?, primaryKey? }.`);
  return { schema: spec.schema ?? context.schema, table: spec.table, primaryKey: spec.primaryKey ?? context.primaryKey };
}

function isModelTable(spec: unknown): spec is ModelTable {
  if (typeof spec !== "object" || spec === null) return false;
  const { table, schema, primaryKey } = spec as Record<string, unknown>;
  const optionalString = (value: unknown) => value === undefined || (typeof value === "string" && value.length > 0);
  return typeof table === "string" && table.length > 0 && optionalString(schema) && optionalString(primaryKey);
}

function invalid(file: string, message: string): CliError {
  return new CliError("INVALID_CONFIG", `${file}: ${message}`);
}
