import { defineConfig } from "vitest/config";
import { vitestBase } from "../../vitest.base";

// The tests run the built binary: build it first when dist/ is missing or older than the sources.
export default defineConfig({ ...vitestBase, test: { ...vitestBase.test, globalSetup: ["test/helpers/build-cli.ts"] } });
