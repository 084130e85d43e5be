import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * What the compiler says about a mistake in `data`, read from its
 * diagnostics: the message must name the mistake and the link's columns,
 * not another link's. Compiled with the package's own compiler options.
 */

const here = import.meta.dirname;
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(here, "type-messages-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The diagnostics of `body` after the fixtures' imports and a RemoteLink over both links, as text. */
async function messagesOf(body: string): Promise<string[]> {
  const file = path.join(folder, `case-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(
    file,
    `import { RemoteLink } from "../../src";\nimport { MinimalStore } from "../minimal-store";\nimport { productBrand, productCustom } from "../fixtures";\n` +
      `const remoteLink = new RemoteLink({ links: [productBrand, productCustom], store: new MinimalStore() });\n${body}\n`,
  );
  const config = ts.getParsedCommandLineOfConfigFile(path.join(here, "..", "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([file], { ...config?.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("compiler messages for a mistake in data", () => {
  it("name the unknown column and the link's columns, the wrong type, and data given to a link without extra columns", async () => {
    const [unknown, wrongType, noColumns, dismissData] = await Promise.all([
      messagesOf(`void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { colour: "red" } });`),
      messagesOf(`void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: "high" } });`),
      messagesOf(`void remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" }, data: { rank: 1 } });`),
      messagesOf(`void remoteLink.dismiss({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: 1 } });`),
    ]);
    expect(unknown.join("\n")).toContain("'colour' does not exist in type '{ metadata?: unknown; rank?: number | undefined; }'");
    expect(wrongType.join("\n")).toMatch(/data\.rank[\s\S]*Type 'string' is not assignable to type 'number'/);
    expect(noColumns.join("\n")).toContain(`Type '{ rank: number; }' is not assignable to type '"none: this link has no extra columns"'`);
    expect(dismissData.join("\n")).toContain(`is not assignable to type '"none: dismiss takes no data"'`);
    // One message per mistake, not "No overload matches this call".
    for (const messages of [unknown, wrongType, noColumns, dismissData]) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).not.toContain("No overload matches");
    }
  }, 60_000);

  it("a correct input compiles", async () => {
    expect(await messagesOf(`void remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "c" }, data: { rank: 2 } });`)).toEqual(
      [],
    );
  }, 60_000);
});
