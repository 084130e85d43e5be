import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base";

// cli.ts is the `modlink` binary: tsup keeps its shebang and marks it executable; it needs no types.
export default defineConfig({ ...tsupBase, entry: ["src/index.ts", "src/cli.ts"], dts: { entry: "src/index.ts" } });
