import { MemoryLinkStore } from "@modlink/memory";
import { beforeAll, describe } from "vitest";
import { memoryModules } from "../src/memory-modules";
import { type QueryEnv, openQueryEnv } from "../src/query-env";
import { queryBehaviour } from "../src/query-behaviour";

let env: QueryEnv;
beforeAll(async () => {
  env = await openQueryEnv(new MemoryLinkStore(), memoryModules());
});

describe("LinkQuery over MemoryLinkStore and in-memory modules", () => {
  queryBehaviour(() => env, { parallelReads: false });
});
