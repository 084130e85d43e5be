import { LinkError, RemoteLink } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { pb } from "./inputs";
import type { SuiteContext } from "./suite-context";

type Method = "create" | "dismiss" | "replace" | "list" | "delete" | "restore";

/** Each method with an input it would accept, so only the options can be at fault. */
const methods: readonly { method: Method; input: (p: string, b: string) => unknown }[] = [
  { method: "create", input: (p, b) => pb(p, b) },
  { method: "dismiss", input: (p, b) => pb(p, b) },
  { method: "replace", input: (p, b) => pb(p, b) },
  { method: "list", input: (p) => ({ product: { product_id: p } }) },
  { method: "delete", input: (p) => ({ product: { product_id: p } }) },
  { method: "restore", input: (p) => ({ product: { product_id: p } }) },
];

const badOptions = [
  { name: "an unknown option", options: { transacton: undefined }, names: '"transacton"' },
  { name: "a Medusa option modlink does not have", options: { returnLinkableKeys: ["product_id"] }, names: '"returnLinkableKeys"' },
  { name: "options that are not an object", options: "fast", names: "options" },
  { name: "options as an array", options: [], names: "options" },
];

const cases = methods.flatMap((entry) => badOptions.map((bad) => ({ ...entry, ...bad })));

export function callOptionTests(ctx: SuiteContext): void {
  describe("call options", () => {
    it.each(cases)("$method refuses $name with INVALID_INPUT and writes nothing", async ({ method, input, options, names }) => {
      const [p, b] = [ctx.id("prod"), ctx.id("brand")];
      const call = (ctx.remoteLink[method] as (input: unknown, options: unknown) => Promise<unknown>).bind(ctx.remoteLink);
      const error = await call(input(p, b), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_INPUT" });
      expect((error as Error).message).toContain(names);
      expect(await ctx.snapshot([p, b])).toEqual([]);
    });

    it("new RemoteLink refuses a config name it does not know, naming it and the names it takes", () => {
      const make = () => new RemoteLink({ links: ctx.remoteLink.links, store: ctx.store, service: {} } as never);
      expect(make).toThrow(LinkError);
      expect(make).toThrow(/has no option "service"; it takes links, store, modules and services/);
    });
  });
}
