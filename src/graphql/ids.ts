import { badInput } from '../errors';

/** Reads a GraphQL ID that stands for a database id; anything else is the caller's mistake. */
export function parseId(value: string, field: string): string {
  if (!/^[1-9]\d{0,17}$/.test(value)) throw badInput(`${field} is not a valid id.`, field);
  return value;
}
