import type { LinkRowState } from "@modlink/core/store";

/** Input builders that keep test bodies about behaviour, not object shapes. */

export const pb = (product: string, brand: string) => ({ product: { product_id: product }, brand: { brand_id: brand } });
export const pt = (product: string, tag: string) => ({ product: { product_id: product }, tag: { tag_id: tag } });
export const pc = (product: string, custom: string) => ({ product: { product_id: product }, helloModuleService: { my_custom_id: custom } });
export const cn = (custom: string, note: string) => ({ helloModuleService: { my_custom_id: custom }, notes: { note_id: note } });
export const nc = (note: string, custom: string) => ({ notes: { note_id: note }, helloModuleService: { my_custom_id: custom }, link: "back" as const });
export const na = (note: string, attachment: string) => ({ notes: { note_id: note }, files: { attachment_id: attachment } });
export const vi = (variant: string, item: string) => ({ product: { product_variant_id: variant }, inventory: { inventory_item_id: item } });
export const bt = (brand: string, tag: string) => ({ brand: { brand_id: brand }, tag: { tag_id: tag }, link: "brand_tags" as const });
export const featured = (product: string, brand: string) => ({ ...pb(product, brand), link: "featured" as const });

/** Rows that are not soft-deleted. */
export const live = (rows: readonly LinkRowState[]) => rows.filter((row) => row.deletedAt === null);
