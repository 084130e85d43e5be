import type { Options } from "tsup";

/** The one build recipe every package shares: ESM + CJS + .d.ts from src/index.ts. */
export const tsupBase: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
  treeshake: true,
};
