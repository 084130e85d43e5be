import { defineLink, defineModule } from "@modlink/core";

/*
 * The application every conformance test runs against: the reference
 * document's commerce story, plus enough links to cover every cardinality
 * and a cascade three levels deep with a cycle.
 */

export const Product = defineModule("product", { models: ["product", "product_variant"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });
export const Tag = defineModule("tag", { models: ["tag"] });
export const Inventory = defineModule("inventory", { models: ["inventory_item"] });
export const Notes = defineModule("notes", { models: ["note"] });
export const Files = defineModule("files", { models: ["attachment"] });

/** One-to-many: a brand has many products, a product one brand; deleting a brand deletes its products. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true, deleteCascade: true }, Brand.linkable.brand);

/** A second, named link between the same models: many-to-many. */
export const featuredBrand = defineLink(
  { linkable: Product.linkable.product, isList: true },
  { linkable: Brand.linkable.brand, isList: true },
  { name: "featured" },
);

/**
 * One-to-one with extra columns; deleting a product deletes its custom record.
 * `ratio` defaults to -0 so that every store is held to keeping the sign of zero.
 */
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, deleteCascade: true },
  {
    database: {
      idPrefix: "pcust",
      extraColumns: {
        metadata: { type: "json", nullable: true },
        position: { type: "integer", default: 0 },
        label: { type: "text", nullable: true },
        ratio: { type: "float", default: -0 },
        seen_at: { type: "timestamp", nullable: true },
      },
    },
  },
);

/** Many-to-many. */
export const productTag = defineLink({ linkable: Product.linkable.product, isList: true }, { linkable: Tag.linkable.tag, isList: true });

/** Items shared by variants: deleting a variant deletes its item only when no other variant uses it. */
export const variantInventory = defineLink(
  { linkable: Product.linkable.productVariant, isList: true },
  { linkable: Inventory.linkable.inventoryItem, deleteCascade: "orphans" },
);

/** Cascade level 2: a custom record's notes go with it. */
export const customNote = defineLink(Hello.linkable.myCustom, { linkable: Notes.linkable.note, isList: true, deleteCascade: true });

/** A cycle: a note cascades back to its custom record. */
export const noteCustom = defineLink(Notes.linkable.note, { linkable: Hello.linkable.myCustom, isList: true, deleteCascade: true }, { name: "back" });

/** Cascade level 3. */
export const noteAttachment = defineLink(Notes.linkable.note, { linkable: Files.linkable.attachment, isList: true, deleteCascade: true });

/** Orphan-only cascade: a brand's tags go only when no other brand uses them. */
export const brandTagOrphans = defineLink(
  { linkable: Brand.linkable.brand, isList: true },
  { linkable: Tag.linkable.tag, isList: true, deleteCascade: "orphans" },
  { name: "brand_tags" },
);

export const conformanceLinks = [
  productBrand,
  featuredBrand,
  productCustom,
  productTag,
  variantInventory,
  customNote,
  noteCustom,
  noteAttachment,
  brandTagOrphans,
] as const;

export const conformanceModules = [Product, Brand, Hello, Tag, Inventory, Notes, Files] as const;
