import { routeTransactionsSuite } from "./helpers/route-transactions-suite.js";

routeTransactionsSuite("PGlite in memory", () => "pglite://memory");
