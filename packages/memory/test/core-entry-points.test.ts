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

  it("an error of the CommonJS build is instanceof the ESM build's classes, its own and its bases only, and the other way round", () => {
    const require = createRequire(import.meta.url);
    const cjsApp = require("@modlink/core") as typeof app;
    expect(cjsApp.LinkError).not.toBe(app.LinkError);
    const fromCjs = new cjsApp.CardinalityError({ link: "a <-> b", key: "a_id", id: "1" });
    expect(fromCjs instanceof app.LinkError).toBe(true);
    expect(fromCjs instanceof app.CardinalityError).toBe(true);
    expect(fromCjs instanceof app.LinkInputError).toBe(false);
    expect(fromCjs instanceof Error).toBe(true);
    expect(app.LinkError.is(fromCjs)).toBe(true);
    const fromEsm = new app.LinkInputError("INVALID_INPUT", "bad", undefined);
    expect(fromEsm instanceof cjsApp.LinkInputError).toBe(true);
    expect(fromEsm instanceof cjsApp.CardinalityError).toBe(false);
    for (const other of [new Error("plain"), { name: "LinkError", code: "INVALID_INPUT" }, null, "LinkError"]) {
      expect(other instanceof app.LinkError).toBe(false);
      expect(app.LinkError.is(other)).toBe(false);
    }
  });
});
