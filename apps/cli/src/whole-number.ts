import { InvalidArgumentError } from "commander";

/** Commander argument parser for counts such as --days: digits only, so "-1" and "2.5" are refused. */
export function wholeNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError("must be a whole number, 0 or more");
  return Number(value);
}
