import { MemoryLinkStore } from "@modlink/memory";
import { beforeAll, describe } from "vitest";
import { memoryModules } from "../src/memory-modules";
import { type QueryEnv, openQueryEnv, seedLinks } from "../src/query-env";
import { limitBehaviour } from "../src/limit-behaviour";
import { queryBehaviour } from "../src/query-behaviour";

let env: QueryEnv;
beforeAll(async () => {
  const store = new MemoryLinkStore();
  await seedLinks(store);
  env = openQueryEnv(store, memoryModules());
});

describe("LinkQuery over MemoryLinkStore and in-memory modules", () => {
  queryBehaviour(() => env, { parallelReads: false, reads: "modules" });
  limitBehaviour(() => env, "modules");
});
