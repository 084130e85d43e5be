import { createRequire } from "node:module";
import * as app from "@modlink/core";
import * as store from "@modlink/core/store";
import { describe, expect, it } from "vitest";

const HELPERS = [
  "newLinkId",
  "stableHash",
  "shortenIdentifier",
  "isValidIdentifier",
  "isValidName",
  "toSnakeCase",
  "describe",
  "isPlainObject",
  "isStorableText",
];

describe("core's entry points, as a store author uses them", () => {
  it("helpers come from @modlink/core/store, not from the application's entry", () => {
    for (const name of HELPERS) {
      expect(typeof (store as Record<string, unknown>)[name], name).toBe("function");
      expect(name in app, name).toBe(false);
    }
    expect(store.newLinkId("link")).toMatch(/^link_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("CommonJS gets the same subpath, and the errors a store throws are the application's LinkError", () => {
    const require = createRequire(import.meta.url);
    const cjsStore = require("@modlink/core/store") as typeof store;
    const cjsApp = require("@modlink/core") as typeof app;
    expect(typeof cjsStore.stableHash).toBe("function");
    expect(cjsStore.stableHash("x")).toBe(store.stableHash("x"));
    expect(new cjsApp.CardinalityError({ link: "a <-> b", key: "a_id", id: "1" })).toBeInstanceOf(cjsApp.LinkError);
  });
});
