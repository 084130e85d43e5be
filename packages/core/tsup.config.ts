import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base";

// Two entries: the application's API, and `@modlink/core/store` for store
// authors. The store entry holds only stateless helpers and types, so its
// own copy of them (no code splitting) cannot disagree with the main entry's.
export default defineConfig({ ...tsupBase, entry: ["src/index.ts", "src/store.ts"] });
