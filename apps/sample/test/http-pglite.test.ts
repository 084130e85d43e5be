import { httpApiSuite } from "./helpers/http-api-suite.js";

httpApiSuite("PGlite in memory", () => "pglite://memory");
