import { LinkError, LinkErrorCodes } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { CliError, CliErrorCodes } from "../src";

describe("one error catalogue", () => {
  it("a CLI error is a LinkError whose code is in core's LinkErrorCodes", () => {
    const error = new CliError("USAGE", `Unknown command "plna".`);
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ name: "CliError", code: "USAGE", message: `Unknown command "plna".` });
    for (const code of CliErrorCodes) expect(LinkErrorCodes).toContain(code);
  });
});
