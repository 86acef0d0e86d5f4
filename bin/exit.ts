/** Exit codes of the contract in DESIGN.md. */
export const EXIT = { ok: 0, sloFailed: 1, badInput: 2, interrupted: 130 } as const;

/** Bad input or usage: the message already names file, field and expectation. */
export class UsageError extends Error {}
