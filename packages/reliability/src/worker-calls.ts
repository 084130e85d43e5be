import { type AnyLinkDefinition, LinkError } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import { fixtureLink } from "./link-sets";
import type { ServiceFaults } from "./table-services";
import type { UntypedRemoteLink } from "./untyped-remote-link";

/**
 * Links with cascades of every kind and no row that two records of one
 * cascade level share (so every row's `deleted_from` is decided by the
 * definitions alone): brand -> products (one-to-many), product -> custom
 * (one-to-one), brand -> tags (orphans only), custom -> notes -> custom (a cycle).
 */
export const cascadeLinks: readonly AnyLinkDefinition[] = [
  fixtureLink("product", "brand"),
  fixtureLink("product", "helloModuleService"),
  fixtureLink("brand", "tag", "brand_tags"),
  fixtureLink("helloModuleService", "notes"),
  fixtureLink("notes", "helloModuleService", "back"),
];

/** The link sets a worker process can be started with, by name (functions do not cross process boundaries). */
export const workerLinkSets = { conformance: conformanceLinks, cascade: cascadeLinks } as const;
export type WorkerLinkSetName = keyof typeof workerLinkSets;

export const WriteKinds = ["create", "dismiss", "replace"] as const;
export type WriteKind = (typeof WriteKinds)[number];

/** One RemoteLink call as plain data; cascades may carry faults for their module services. */
export type WorkerCall =
  { readonly kind: WriteKind; readonly input: unknown } | { readonly kind: "delete" | "restore"; readonly input: unknown; readonly faults?: ServiceFaults };

/** What one call did. `deletionIds`: every deletion id the module services were handed (a failed delete's own included). */
export type CallOutcome =
  | { readonly ok: true; readonly deletionId?: string; readonly restored?: Record<string, Record<string, string[]>>; readonly deletionIds: readonly string[] }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly faultFired: boolean; readonly deletionIds: readonly string[] };

/** Runs one call; any failure becomes an outcome (a non-LinkError is named as such). */
export async function runCall(
  remoteLink: UntypedRemoteLink,
  call: WorkerCall,
  seen: { readonly deletionIds: ReadonlySet<string>; readonly fired?: unknown },
): Promise<CallOutcome> {
  try {
    switch (call.kind) {
      case "create":
        await remoteLink.create(call.input);
        return { ok: true, deletionIds: [] };
      case "dismiss":
        await remoteLink.dismiss(call.input);
        return { ok: true, deletionIds: [] };
      case "replace":
        await remoteLink.replace(call.input);
        return { ok: true, deletionIds: [] };
      case "delete": {
        const result = await remoteLink.delete(call.input);
        return { ok: true, deletionId: result.deletionId, deletionIds: [...seen.deletionIds] };
      }
      case "restore": {
        const result = await remoteLink.restore(call.input);
        return { ok: true, restored: result.records, deletionIds: [...seen.deletionIds] };
      }
    }
  } catch (error) {
    const code = error instanceof LinkError ? error.code : `NOT A LinkError (${(error as Error)?.name})`;
    return { ok: false, code, message: String((error as Error)?.message ?? error), faultFired: seen.fired !== undefined, deletionIds: [...seen.deletionIds] };
  }
}
