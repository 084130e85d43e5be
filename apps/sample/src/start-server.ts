import { checkConnection, createKnex } from "@modlink/knex";
import { type AppContainer, createAppContainer } from "./app-container.js";
import { DEFAULT_DATABASE_URL } from "./config.js";
import { buildHttpApp } from "./http/build-http-app.js";
import { prepareDatabase } from "./prepare-database.js";
import { seedIfEmpty } from "./seed.js";

export interface StartServerOptions {
  /** `postgres://...`, `pglite://memory` or `pglite://<dir>`. Default PGlite in apps/sample/.data. */
  readonly databaseUrl?: string;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Seed a few records when the database has no products. Default true. */
  readonly seed?: boolean;
  /** Fastify's request log. Default off. */
  readonly logger?: boolean;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly databaseUrl: string;
  /** Whether this start seeded the database. */
  readonly seeded: boolean;
  readonly container: AppContainer;
  /** Stops accepting requests, waits for those in flight, then disposes the container (closing the database). */
  close(): Promise<void>;
}

/**
 * Opens the database, creates module tables, syncs link tables, seeds if
 * empty and starts listening.
 *
 * @example
 * const server = await startServer({ databaseUrl: "pglite://memory", port: 0 })
 * await fetch(`${server.url}/products`)
 * await server.close()
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const databaseUrl = options.databaseUrl ?? DEFAULT_DATABASE_URL;
  const container = await createAppContainer(await createKnex(databaseUrl));
  try {
    await checkDatabase(container, databaseUrl);
    await prepareDatabase(container);
    const seeded = options.seed === false ? false : await seedIfEmpty(container);
    const app = buildHttpApp(container, { logger: options.logger });
    // Relays link events to the views until the container is disposed.
    container.resolve("feedRelay").start();
    const host = options.host ?? "127.0.0.1";
    await app.listen({ port: options.port ?? 3000, host });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : options.port;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
      databaseUrl,
      seeded,
      container,
      close: () =>
        (closing ??= (async () => {
          try {
            await app.close();
          } finally {
            await container.dispose();
          }
        })()),
    };
  } catch (error) {
    await container.dispose();
    throw error;
  }
}

/** The library's CONNECTION_FAILED, whose message says what to check: the app adds nothing to it. */
function checkDatabase(container: AppContainer, databaseUrl: string): Promise<void> {
  return checkConnection(container.resolve("knex"), databaseUrl);
}
