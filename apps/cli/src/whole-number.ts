import { InvalidArgumentError } from "commander";

/** Commander argument parser for counts such as --days: digits only, so "-1" and "2.5" are refused. */
export function wholeNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError("must be a whole number, 0 or more");
  return Number(value);
}

/** A parser for counts of at least `min` (such as days or minutes), refusing less with `tooFew`. */
export function wholeNumberAtLeast(min: number, tooFew: string): (value: string) => number {
  return (value) => {
    const count = wholeNumber(value);
    if (count < min) throw new InvalidArgumentError(tooFew);
    return count;
  };
}

/** A parser that accepts only one of `choices`, refusing anything else with `refusal`. */
export function oneOf<T extends string>(choices: readonly T[], refusal: string): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(refusal);
    return value as T;
  };
}
