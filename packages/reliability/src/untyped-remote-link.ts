import type {
  AnyLinkDefinition,
  CallOptions,
  CreateInput,
  DeleteResult,
  DismissInput,
  LinkRow,
  ListInput,
  ListOptions,
  RecordsInput,
  RemoteLink,
  ReplaceInput,
  RestoreResult,
} from "@modlink/core";

type Defs = readonly AnyLinkDefinition[];

/** RemoteLink as a run-time caller sees it: inputs are data that RemoteLink must check itself. */
export interface UntypedRemoteLink {
  create(input: unknown, options?: CallOptions): Promise<void>;
  dismiss(input: unknown, options?: CallOptions): Promise<{ dismissed: number }>;
  replace(input: unknown, options?: CallOptions): Promise<{ dismissed: number }>;
  list(input: unknown, options?: ListOptions): Promise<LinkRow[]>;
  delete(input: unknown, options?: CallOptions): Promise<DeleteResult>;
  restore(input: unknown, options?: CallOptions): Promise<RestoreResult>;
}

/**
 * Drops the compile-time input types on purpose: generated and hostile
 * inputs are built at run time, and refusing bad ones is exactly what the
 * tests check.
 */
export function untyped(remoteLink: RemoteLink<Defs>): UntypedRemoteLink {
  return {
    create: (input, options) => remoteLink.create(input as CreateInput<Defs>, options),
    dismiss: (input, options) => remoteLink.dismiss(input as DismissInput<Defs>, options),
    replace: (input, options) => remoteLink.replace(input as ReplaceInput<Defs>, options),
    list: (input, options) => remoteLink.list(input as ListInput<Defs>, options),
    delete: (input, options) => remoteLink.delete(input as RecordsInput<Defs>, options),
    restore: (input, options) => remoteLink.restore(input as RecordsInput<Defs>, options),
  };
}
