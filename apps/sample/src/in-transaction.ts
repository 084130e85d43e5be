import { LinkError, LinkStoreError } from "@modlink/core";
import type { Knex } from "knex";
import type { AppContainer } from "./app-container.js";

/** Runs of one request's transaction before it answers TRANSACTION_CONFLICT. */
const MAX_ATTEMPTS = 5;

/** SQLSTATEs of a transaction PostgreSQL rolled back to break a deadlock or keep the outcome serial. */
const CONFLICT_STATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

/**
 * Runs one request's work (or any unit of the app's work) in one
 * transaction of the app's database. Pass
 * `trx` to the module service and to every `remoteLink` call
 * (`{ transaction: trx }`): the module's rows, the links and the records a
 * cascade reaches then commit together or not at all. A failure, a killed
 * connection or a crash between the module's change and the links' leaves
 * nothing half done, so the client can simply send the request again.
 *
 * Read committed, whatever the server's default: a statement that waited
 * for a row lock then sees that row as its holder committed it, which is
 * what `lockLiveRecords` relies on. A deadlock (or a serialization failure)
 * rolls the whole transaction back, so `work` runs again from scratch, at
 * most MAX_ATTEMPTS times: inside a host transaction modlink leaves that
 * decision to the host.
 *
 * @example
 * const cascade = await inTransaction(request.scope, async (trx) => {
 *   const deleted = await productService.deleteProducts([id], trx)
 *   return remoteLink.delete({ product: productRecords(deleted) }, { transaction: trx })
 * })
 */
export async function inTransaction<T>(scope: AppContainer, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const knex = scope.resolve("knex");
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work, { isolationLevel: "read committed" });
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw attemptsExhausted(attempt, error);
      // Jittered, so two requests that deadlocked do not meet again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
}

/** A deadlock or serialization failure anywhere in the error's causes (a module's own statement fails inside a CascadeError). */
function isConflict(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; typeof current === "object" && current !== null && !seen.has(current); current = Reflect.get(current, "cause")) {
    seen.add(current);
    if (current instanceof LinkError) {
      if (current.code === "TRANSACTION_CONFLICT") return true;
      continue;
    }
    const state = Reflect.get(current, "code");
    if (typeof state === "string" && CONFLICT_STATES.has(state)) return true;
  }
  return false;
}

function attemptsExhausted(attempts: number, error: unknown): LinkStoreError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LinkStoreError(
    "TRANSACTION_CONFLICT",
    `Gave up after ${attempts} attempts, each rolled back by the database to break a deadlock with concurrent requests (last: ${reason}). ` +
      "Nothing of this request was committed: send it again.",
    { cause: error },
  );
}
