import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, readConfig } from "../src/config.js";

describe("readConfig", () => {
  it("defaults to PGlite on disk in apps/sample/.data, port 3000 on 127.0.0.1", () => {
    expect(readConfig({})).toEqual({ databaseUrl: DEFAULT_DATABASE_URL, port: 3000, host: "127.0.0.1" });
    expect(DEFAULT_DATABASE_URL).toBe(`pglite://${path.resolve(import.meta.dirname, "..", ".data")}`);
  });

  it("uses DATABASE_URL, PORT (0 = a free port) and HOST when set", () => {
    expect(readConfig({ DATABASE_URL: "postgres://u@db/app", PORT: "0", HOST: "0.0.0.0" })).toEqual({
      databaseUrl: "postgres://u@db/app",
      port: 0,
      host: "0.0.0.0",
    });
  });

  it("refuses a PORT that is not a port number, quoting it", () => {
    expect(() => readConfig({ PORT: "http" })).toThrow(/PORT must be an integer from 0 to 65535.*"http"/);
    expect(() => readConfig({ PORT: "70000" })).toThrow(/PORT/);
  });
});
