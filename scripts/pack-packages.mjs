// Packs every public package of the workspace into ./packed as npm tarballs,
// the way to install modlink into another app until it is published:
//   pnpm pack:all && npm install ./packed/modlink-core-<version>.tgz ./packed/modlink-memory-<version>.tgz
// pnpm rewrites `workspace:^` dependencies to the packed versions, so the
// tarballs of one run install together.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const destination = join(root, "packed");
mkdirSync(destination, { recursive: true });

const packed = [];
for (const folder of readdirSync(join(root, "packages"))) {
  const directory = join(root, "packages", folder);
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  if (manifest.private) continue;
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: directory, stdio: ["ignore", "ignore", "inherit"] });
  packed.push(`${manifest.name}@${manifest.version}`);
}
console.log(`packed ${packed.length} packages into ${destination}: ${packed.join(", ")}`);
