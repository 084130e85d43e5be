import { type AnyLinkDefinition, type CreateInput, type DismissInput, LinkInputError } from "@modlink/core";

type AnyLinks = readonly AnyLinkDefinition[];

/** A create input whose modules and keys are only known at run time. */
export type LinkBody = CreateInput<AnyLinks>;

/** A dismiss input (no `data`) whose modules and keys are only known at run time. */
export type DismissBody = DismissInput<AnyLinks>;

/** Keys of a link input that are not module names. */
const RESERVED = new Set(["data", "link"]);

/** Records named by a link input, by module and key. */
export interface NamedRecords {
  readonly module: string;
  readonly key: string;
  readonly ids: readonly string[];
}

/**
 * Checks the outline of a POST /links body: one input object or a non-empty
 * array of them, each module mapping to an object. RemoteLink then checks
 * names, ids, direction and data, and raises the precise LinkError.
 *
 * @example readLinkBodies({ product: { product_id: "p1" }, brand: { brand_id: "b1" } }) // [that input]
 * @throws LinkInputError INVALID_INPUT for anything else (a string, null, [] ...).
 */
export function readLinkBodies(body: unknown): LinkBody[] {
  return readBodies(body, isLinkBody, "create");
}

/** As `readLinkBodies`, for dismiss: the same outline, without `data`. */
export function readDismissBodies(body: unknown): DismissBody[] {
  return readBodies(body, isDismissBody, "dismiss");
}

function readBodies<T>(body: unknown, isBody: (item: unknown) => item is T, method: string): T[] {
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new LinkInputError("INVALID_INPUT", `The body is an empty array; send one ${method} input or a non-empty array of them.`, body);
  return items.map((item, index) => {
    if (isBody(item)) return item;
    const where = Array.isArray(body) ? `Item ${index} of the body` : "The body";
    throw new LinkInputError(
      "INVALID_INPUT",
      `${where} must be an object like { "product": { "product_id": "prod_1" }, "brand": { "brand_id": "brand_1" } }` +
        (method === "dismiss" ? " without data." : "."),
      item,
    );
  });
}

/** Every record id a link input names, grouped by module and key. */
export function namedRecords(bodies: readonly LinkBody[]): NamedRecords[] {
  const byModule = new Map<string, Map<string, Set<string>>>();
  for (const body of bodies) {
    for (const [module, value] of Object.entries(body)) {
      if (RESERVED.has(module)) continue;
      const byKey = byModule.get(module) ?? new Map<string, Set<string>>();
      byModule.set(module, byKey);
      for (const [key, ids] of Object.entries(value)) {
        const group = byKey.get(key) ?? new Set<string>();
        byKey.set(key, group);
        for (const id of Array.isArray(ids) ? ids : [ids]) if (typeof id === "string") group.add(id);
      }
    }
  }
  return [...byModule].flatMap(([module, byKey]) => [...byKey].map(([key, ids]) => ({ module, key, ids: [...ids] })));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Ids and names are left to RemoteLink, which reports them with their own codes.
function isLinkBody(value: unknown): value is LinkBody {
  return isPlainObject(value) && Object.entries(value).every(([key, inner]) => RESERVED.has(key) || isPlainObject(inner));
}

function isDismissBody(value: unknown): value is DismissBody {
  return isLinkBody(value) && value.data === undefined;
}
