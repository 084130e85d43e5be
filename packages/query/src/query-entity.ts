import type { AnyLinkDefinition, LinkTable, SideName } from "@modlink/core";
import type { QueryableModuleService } from "./queryable-module";
import type { ReadOnlyLink } from "./read-only-link";

/** A model that queries can name, with what it leads to. */
export interface QueryEntity {
  /** `module.model`: unique among entities. */
  readonly name: string;
  readonly module: string;
  readonly model: string;
  readonly primaryKey: string;
  /** Undefined when no query service was given for the module. */
  readonly service: QueryableModuleService | undefined;
  readonly fields: readonly string[];
  readonly relations: ReadonlyMap<string, QueryRelation>;
}

interface RelationBase {
  readonly name: string;
  readonly from: QueryEntity;
  readonly to: QueryEntity;
  /** The relation gives an array; otherwise an object or null. */
  readonly isList: boolean;
}

/** Followed through a link table. */
export interface LinkRelation extends RelationBase {
  readonly kind: "link";
  readonly definition: AnyLinkDefinition;
  readonly table: LinkTable;
  readonly fromSide: SideName;
  readonly toSide: SideName;
}

/** Followed by matching a field of `from` with a field of `to`. */
export interface ReadOnlyRelation extends RelationBase {
  readonly kind: "read-only";
  readonly link: ReadOnlyLink;
  readonly fromField: string;
  readonly toField: string;
}

export type QueryRelation = LinkRelation | ReadOnlyRelation;
