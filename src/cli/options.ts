import { UsageError, type OptionValues } from './command';

/** Readers for `parseArgs` values that turn a missing or malformed option into a UsageError. */

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredString(values: OptionValues, name: string): string {
  const value = optionalString(values, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export const flag = (values: OptionValues, name: string): boolean => values[name] === true;

/** Every value of a repeatable option, in order. */
export function repeated(values: OptionValues, name: string): string[] {
  const value = values[name];
  const occurrences = Array.isArray(value) ? value : [value];
  return occurrences.filter((item): item is string => typeof item === 'string');
}

export function oneOf<T extends string>(
  values: OptionValues,
  name: string,
  allowed: readonly T[],
): T {
  const value = requiredString(values, name);
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new UsageError(`--${name} must be one of: ${allowed.join(', ')}`);
  }
  return match;
}

export function positiveInteger(values: OptionValues, name: string): number | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;

  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a positive whole number`);
  }
  return Number(value);
}
