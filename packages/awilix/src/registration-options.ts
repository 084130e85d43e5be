import { LinkInputError } from "@modlink/core";
import { optionsProblem } from "@modlink/core/store";

/** What `registerModlink` takes, level by level; any other name is `INVALID_INPUT`. */
const OPTION_NAMES = ["links", "store", "modules", "services", "query", "closeStore", "events"] as const;
const QUERY_OPTION_NAMES = ["modules", "readOnlyLinks", "relationNames", "limits"] as const;
const EVENTS_OPTION_NAMES = ["eventBus", "start", "consumer", "batchSize", "idleMs", "onError"] as const;

/**
 * Checks `registerModlink`'s options, `query` and `events` included, before
 * anything is registered: a misspelt option would otherwise be ignored and
 * the container built without it.
 */
export function checkRegistrationOptions(options: unknown): void {
  const fail = (problem: string | undefined, input: unknown) => {
    if (problem !== undefined) throw new LinkInputError("INVALID_INPUT", problem, input);
  };
  fail(optionsProblem(options, "registerModlink()'s options", OPTION_NAMES), options);
  const { query, events } = options as { query?: unknown; events?: unknown };
  fail(optionsProblem(query, "registerModlink()'s query", QUERY_OPTION_NAMES), query);
  fail(optionsProblem(events, "registerModlink()'s events", EVENTS_OPTION_NAMES), events);
}
