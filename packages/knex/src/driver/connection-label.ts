import type { Knex } from "knex";
import { maskPassword } from "./connection-url";

interface Settings {
  readonly connectionString?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly user?: unknown;
  readonly database?: unknown;
  readonly filename?: unknown;
}

/**
 * Names the database a knex instance talks to, for error messages, without
 * its password: `postgres://app@db:5432/shop` or `pglite:///data/dir`.
 */
export function connectionLabel(knex: Knex): string {
  const settings = (knex.client as { connectionSettings?: Settings }).connectionSettings ?? {};
  if (typeof settings.connectionString === "string") return maskPassword(settings.connectionString);
  if (typeof settings.host === "string") {
    const user = typeof settings.user === "string" ? `${settings.user}@` : "";
    const port = settings.port === undefined ? "" : `:${String(settings.port)}`;
    const database = typeof settings.database === "string" ? `/${settings.database}` : "";
    return `postgres://${user}${settings.host}${port}${database}`;
  }
  if (typeof settings.filename === "string") return `pglite://${settings.filename}`;
  return "the configured database";
}
