import { InvalidArgumentError } from "commander";

/** commander parser for an option that takes a positive number. */
export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new InvalidArgumentError("expected a positive number");
  return value;
}
