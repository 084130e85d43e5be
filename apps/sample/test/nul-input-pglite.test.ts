import { nulInputSuite } from "./helpers/nul-input-suite.js";

nulInputSuite("PGlite in memory", () => "pglite://memory");
