import { LinkStoreError } from "@modlink/core";
import { maskPassword } from "@modlink/core/store";

/** The URL with its password replaced by `***`, safe for messages and logs. */
export const maskRedisUrl = maskPassword;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failed command as a modlink error. Redis answering with an error (a
 * `ReplyError`: wrong key type, out of memory) is STORE_FAILURE; anything
 * else means the connection failed: CONNECTION_FAILED naming the server.
 * `label` never holds a password.
 */
export function redisFailure(label: string, error: unknown, lastConnectionError?: Error): LinkStoreError {
  if (error instanceof Error && error.name === "ReplyError") {
    return new LinkStoreError("STORE_FAILURE", `Redis at ${label} refused the events: ${messageOf(error)}.`, { cause: error });
  }
  // ioredis rejects with "Connection is closed." alone; the socket's own error says why.
  const reason = lastConnectionError && lastConnectionError !== error ? `${messageOf(error)} (${lastConnectionError.message})` : messageOf(error);
  return new LinkStoreError(
    "CONNECTION_FAILED",
    `Could not use Redis at ${label}: ${reason}. Check that the server runs and the URL (host, port, password) is right; the relay sends these events again.`,
    { cause: error },
  );
}
