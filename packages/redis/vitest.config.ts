import { defineConfig } from "vitest/config";
import { vitestBase } from "../../vitest.base";

export default defineConfig(vitestBase);
