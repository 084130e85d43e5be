import { Brand } from "./brand.js";
import { Hello } from "./hello.js";
import { Inventory } from "./inventory.js";
import { Product } from "./product.js";

/** The app's modules: links naming any other module are refused when modlink is registered. */
export const modules = [Product, Brand, Hello, Inventory] as const;
export type AppModuleName = (typeof modules)[number]["name"];
