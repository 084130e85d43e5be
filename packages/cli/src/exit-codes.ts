/**
 * What `modlink` exits with. `pending` lets CI gate on the database matching
 * the definitions: `plan` has changes to apply, `sync` left refused changes,
 * `doctor` found problems.
 *
 * @example if (result.status === ExitCodes.pending) console.log("run modlink sync")
 */
export const ExitCodes = { ok: 0, failure: 1, pending: 2 } as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];
