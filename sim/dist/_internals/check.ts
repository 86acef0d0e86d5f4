/**
 * Parameter checks shared by the distribution factories: each throws an Error that names the
 * distribution, the parameter, what was expected and what was given, so a bad scenario value is
 * traced to its field at build time rather than showing up as NaN in a timeline.
 */

/** Throws unless `value` is a finite number. */
export function checkFinite(where: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${where}: ${name} must be a finite number, got ${value}`);
}

/** Throws unless `value` is a positive finite number. */
export function checkPositive(where: string, name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new Error(`${where}: ${name} must be a positive finite number, got ${value}`);
  }
}

/** Throws unless `value` is a non-negative finite number. */
export function checkNonNegative(where: string, name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new Error(`${where}: ${name} must be a non-negative finite number, got ${value}`);
  }
}
