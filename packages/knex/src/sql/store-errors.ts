import { CardinalityError, LinkError, type LinkTable, LinkStoreError, sideOf } from "@modlink/core";
import { type DriverError, codeOf, connectionFailed, isConnectionError, messageOf } from "../driver/driver-errors";
import { isSerializationFailure } from "../driver/serialization-retry";
import { sideOfLiveIndex } from "./sql-names";

/**
 * Turns a driver error into the core's typed errors: a unique violation on a
 * cardinality index becomes a `CardinalityError`, connection trouble
 * `CONNECTION_FAILED`, anything else `STORE_FAILURE`. modlink errors pass.
 */
export function toLinkError(error: unknown, context: { readonly connection: string; readonly table?: LinkTable }): LinkError {
  if (error instanceof LinkError) return error;
  const { table } = context;
  if (table && codeOf(error) === "23505") {
    const side = sideOfLiveIndex(table, violatedIndex(error) ?? "");
    if (side) {
      const { key } = sideOf(table, side);
      return new CardinalityError({ link: table.label, key, id: duplicatedValue(error), cause: error });
    }
  }
  if (isConnectionError(error)) return connectionFailed(context.connection, error);
  if (isSerializationFailure(error)) {
    return new LinkStoreError(
      "TRANSACTION_CONFLICT",
      `A concurrent transaction conflicted with this one (${messageOf(error)}), ` +
        "so PostgreSQL rolled it back to keep the outcome serial. Run the whole transaction again.",
      { cause: error },
    );
  }
  const where = table ? ` on link table "${table.name}" (${table.label})` : "";
  return new LinkStoreError("STORE_FAILURE", `A link store statement failed${where}: ${messageOf(error)}`, { cause: error });
}

function violatedIndex(error: unknown): string | undefined {
  const constraint = (error as DriverError).constraint;
  if (typeof constraint === "string") return constraint;
  return /unique constraint "([^"]+)"/.exec(messageOf(error))?.[1];
}

/** `Key (product_id)=(p1) already exists.` gives `p1`. */
function duplicatedValue(error: unknown): string | undefined {
  const detail = (error as DriverError).detail;
  return typeof detail === "string" ? /^Key \([^)]*\)=\((.*)\) already exists\.?$/.exec(detail)?.[1] : undefined;
}
