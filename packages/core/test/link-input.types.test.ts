import { describe, expectTypeOf, it } from "vitest";
import { type CreateInput, type CreatedLink, type DismissInput, type DismissedLink, type LinkRowOf, type RecordsInput, RemoteLink } from "../src";
import { MinimalStore } from "./minimal-store";
import { productBrand, productCustom } from "./fixtures";

const links = [productBrand, productCustom] as const;
type Links = typeof links;
const remoteLink = new RemoteLink({ links, store: new MinimalStore() });

// Never called: these lines are checked by the type checker (`pnpm typecheck`).
function compileTimeChecks() {
  void remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" } });
  void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: 2, metadata: null } });
  // @ts-expect-error unknown module
  void remoteLink.create({ product: { product_id: "p" }, warehouse: { warehouse_id: "w" } });
  // @ts-expect-error unknown key
  void remoteLink.create({ product: { prod_id: "p" }, brand: { brand_id: "b" } });
  // @ts-expect-error no definition links brand and helloModuleService
  void remoteLink.create({ brand: { brand_id: "b" }, helloModuleService: { my_custom_id: "c" } });
  // @ts-expect-error a key of the wrong model for this pair
  void remoteLink.create({ product: { product_variant_id: "v" }, brand: { brand_id: "b" } });
  // @ts-expect-error data column that does not exist
  void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { colour: "red" } });
  // @ts-expect-error data of the wrong type
  void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: "high" } });
  // @ts-expect-error data on a link without extra columns
  void remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" }, data: { rank: 1 } });
  // @ts-expect-error dismiss takes no data
  void remoteLink.dismiss({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: 1 } });
  // @ts-expect-error ids are strings
  void remoteLink.dismiss({ product: { product_id: 1 }, brand: { brand_id: "b" } });
  void remoteLink.delete({ product: { product_id: ["p1", "p2"] }, brand: { brand_id: "b" } });
  // @ts-expect-error delete names an unknown module
  void remoteLink.delete({ warehouse: { warehouse_id: "w" } });
  // @ts-expect-error delete names a key the module does not link
  void remoteLink.delete({ brand: { product_id: "p" } });
  void remoteLink.list({ product: { product_id: "p" }, brand: {} });
  // @ts-expect-error returnLinks takes one input or an array, not a stream
  void remoteLink.create((function* () {})(), { returnLinks: true });
}

describe("typed inputs", () => {
  it("derive create, dismiss and delete input types from the definitions", () => {
    expectTypeOf(compileTimeChecks).toBeFunction();
    expectTypeOf<{ product: { product_id: string }; brand: { brand_id: string } }>().toExtend<CreateInput<Links>>();
    expectTypeOf<{ product: { product_id: string }; brand: { brand_id: string } }>().toExtend<DismissInput<Links>>();
    expectTypeOf<{ brand: { brand_id: string } }>().not.toExtend<CreateInput<Links>>();
    expectTypeOf<{ helloModuleService: { my_custom_id: string[] } }>().toExtend<RecordsInput<Links>>();
    expectTypeOf<{ brand: { my_custom_id: string } }>().not.toExtend<RecordsInput<Links>>();
  });

  it("type the rows create and dismiss return with returnLinks from the definitions", () => {
    type Row = LinkRowOf<Links[number]>;
    const created = () => remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" } }, { returnLinks: true });
    expectTypeOf(created).returns.resolves.toEqualTypeOf<CreatedLink<Row>[]>();
    const plain = () => remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" } });
    expectTypeOf(plain).returns.resolves.toBeVoid();
    const dismissed = () => remoteLink.dismiss({ product: { product_id: "p" }, brand: { brand_id: "b" } }, { returnLinks: true });
    expectTypeOf(dismissed).returns.resolves.toEqualTypeOf<{ dismissed: number; links: DismissedLink<Row>[] }>();
    type CustomRow = LinkRowOf<typeof productCustom>;
    expectTypeOf<CustomRow["product_id"]>().toEqualTypeOf<string>();
    expectTypeOf<CustomRow["my_custom_id"]>().toEqualTypeOf<string>();
    expectTypeOf<CustomRow["rank"]>().toEqualTypeOf<number | null>();
    expectTypeOf<CustomRow["deleted_at"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<LinkRowOf<typeof productBrand>["brand_id"]>().toEqualTypeOf<string>();
  });

  it("exposes typed linkables from defineModule", () => {
    expectTypeOf(productBrand.left.key).toEqualTypeOf<"product_id">();
    expectTypeOf(productCustom.right.key).toEqualTypeOf<"my_custom_id">();
  });
});
