import { maskPassword } from "@modlink/knex";
import { readConfig } from "./config.js";
import { exampleCurls } from "./examples.js";
import { startServer } from "./start-server.js";

/** Gives up on a graceful shutdown after this long. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = readConfig();
  const server = await startServer(config);
  console.log(`modlink sample app listening on ${server.url}`);
  console.log(`database: ${maskPassword(server.databaseUrl)}${server.seeded ? " (seeded with example records)" : ""}`);
  console.log(
    `\nTry:\n${exampleCurls(server.url)
      .map((line) => `  ${line}`)
      .join("\n")}\n`,
  );
  console.log("Ctrl+C stops the server.");

  const shutdown = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: shutting down...`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000}s; exiting.`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => console.log("Server closed, database closed."),
      (error: unknown) => {
        console.error("Shutdown failed:", error);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`The sample app could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
