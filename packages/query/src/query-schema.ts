import { LinkDefinitionError, otherSide, type AnyLinkDefinition, type LinkGraph, type SideName } from "@modlink/core";
import type { QueryEntity, QueryRelation } from "./query-entity";
import { ambiguousEntity, missingQueryService, unknownEntity } from "./query-errors";
import type { QueryableModuleService } from "./queryable-module";
import type { ReadOnlyLink } from "./read-only-link";
import { fileRelations, relationName } from "./relation-names";

/** Custom relation names: `{ [entity]: { [derivedName]: name } }`. */
export type RelationNames = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface QuerySchemaInput {
  readonly graph?: LinkGraph;
  readonly modules: Readonly<Record<string, QueryableModuleService>>;
  readonly readOnlyLinks?: readonly ReadOnlyLink[];
  readonly relationNames?: RelationNames;
}

interface MutableEntity extends QueryEntity {
  readonly relations: Map<string, QueryRelation>;
}

/** The entity, if a query service reads it; else a `MISSING_SERVICE` error. */
export function requireService(entity: QueryEntity): QueryEntity {
  if (!entity.service) throw missingQueryService(entity.module, entity.name);
  return entity;
}

/**
 * Every entity and relation a query can use, built once from the link graph,
 * the read-only links and the module services, and checked for clashes.
 */
export class QuerySchema {
  readonly #entities = new Map<string, MutableEntity>();
  /** Relations with their derived names, until `fileRelations` gives them their final ones. */
  readonly #pending: QueryRelation[] = [];

  constructor(input: QuerySchemaInput) {
    for (const [module, service] of Object.entries(input.modules)) this.#addService(module, service);
    for (const definition of input.graph?.definitions ?? []) {
      for (const side of ["left", "right"] as const) {
        const end = definition[side];
        this.#ensure(end.module, end.model, end.linkable.primaryKey, definition.label);
      }
    }
    for (const link of input.readOnlyLinks ?? []) this.#addReadOnly(link);
    const graph = input.graph;
    for (const definition of graph?.definitions ?? []) {
      for (const side of ["left", "right"] as const) if (graph) this.#addLinkRelation(definition, side, graph);
    }
    const renames = new Map(Object.entries(input.relationNames ?? {}).map(([entity, byName]) => [this.#renameTarget(entity), byName] as const));
    for (const [entity, relations] of fileRelations(this.#pending, renames)) {
      for (const relation of relations) this.#find(entity.name).relations.set(relation.name, relation);
    }
  }

  get entityNames(): string[] {
    return [...this.#entities.values()].map((entity) => this.displayName(entity));
  }

  /** The shortest unambiguous name: the model, or `module.model` when models clash. */
  displayName(entity: QueryEntity): string {
    return this.#byModel(entity.model).length > 1 ? entity.name : entity.model;
  }

  /** Finds an entity by model name, or by `module.model` when the model name is ambiguous. */
  entity(name: unknown): QueryEntity {
    return this.#find(name);
  }

  #find(name: unknown): MutableEntity {
    if (typeof name !== "string") throw unknownEntity(name, this.entityNames);
    const qualified = this.#entities.get(name);
    if (qualified) return qualified;
    const byModel = this.#byModel(name);
    if (byModel.length > 1)
      throw ambiguousEntity(
        name,
        byModel.map((e) => e.name),
      );
    if (byModel.length === 0) throw unknownEntity(name, this.entityNames);
    return byModel[0] as MutableEntity;
  }

  #byModel(model: string): MutableEntity[] {
    return [...this.#entities.values()].filter((entity) => entity.model === model);
  }

  #addService(module: string, service: QueryableModuleService): void {
    if (!service || typeof service.listRecords !== "function" || typeof service.models !== "object" || service.models === null) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `The query service of module "${module}" must have \`models\` and \`listRecords(model, query)\`.`);
    }
    for (const [model, description] of Object.entries(service.models)) {
      const fields = description?.fields;
      const primaryKey = description?.primaryKey ?? "id";
      if (!Array.isArray(fields) || !fields.includes(primaryKey)) {
        throw new LinkDefinitionError(
          "INVALID_DEFINITION",
          `Model "${model}" of module "${module}" must list its fields, including its primary key "${primaryKey}": { fields: ["${primaryKey}", ...] }.`,
        );
      }
      this.#entities.set(`${module}.${model}`, {
        name: `${module}.${model}`,
        module,
        model,
        primaryKey,
        service,
        fields: Object.freeze([...fields]),
        relations: new Map(),
      });
    }
  }

  #ensure(module: string, model: string, primaryKey: string | undefined, label: string): MutableEntity {
    const name = `${module}.${model}`;
    const known = this.#entities.get(name);
    if (known && primaryKey !== undefined && known.primaryKey !== primaryKey) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `${label} says the primary key of ${name} is "${primaryKey}", but its query service says "${known.primaryKey}". Make them agree. ` +
          `(A link on another field, linkable.<model>.<field>, cannot be queried yet: read its rows with remoteLink.list.)`,
        label,
      );
    }
    if (known) return known;
    const entity: MutableEntity = { name, module, model, primaryKey: primaryKey ?? "id", service: undefined, fields: [], relations: new Map() };
    this.#entities.set(name, entity);
    return entity;
  }

  #addLinkRelation(definition: AnyLinkDefinition, fromSide: SideName, graph: LinkGraph): void {
    const toSide = otherSide(fromSide);
    const from = this.#ensure(definition[fromSide].module, definition[fromSide].model, undefined, definition.label);
    const to = this.#ensure(definition[toSide].module, definition[toSide].model, undefined, definition.label);
    const isList = definition[toSide].isList;
    const name = relationName({ model: to.model, isList, linkName: definition.name });
    this.#pending.push({ kind: "link", name, from, to, isList, definition, table: graph.tableOf(definition), fromSide, toSide });
  }

  #addReadOnly(link: ReadOnlyLink): void {
    const from = this.#ensure(link.from.module, link.from.model, undefined, link.label);
    const to = this.#ensure(link.to.module, link.to.model, undefined, link.label);
    for (const [entity, field] of [
      [from, link.from.field],
      [to, link.to.field],
    ] as const) {
      if (entity.service && !entity.fields.includes(field)) {
        throw new LinkDefinitionError(
          "INVALID_DEFINITION",
          `Read-only link ${link.label} uses field "${field}", which the query service of ${entity.name} does not list (it has ${entity.fields.join(", ")}).`,
          link.label,
        );
      }
    }
    const name = relationName({ model: to.model, isList: link.to.isList, linkName: link.name });
    this.#pending.push({ kind: "read-only", name, from, to, isList: link.to.isList, link, fromField: link.from.field, toField: link.to.field });
  }

  #renameTarget(entityName: string): MutableEntity {
    try {
      return this.#find(entityName);
    } catch (error) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `relationNames: ${(error as Error).message}`);
    }
  }
}
