import { badInput } from '../errors';

/** Keyset pagination over numeric ids: a cursor is the id of the last item seen, opaque to clients. */

export const MAX_PAGE_SIZE = 100;

export interface Page {
  first: number;
  afterId: string | null;
}

export function encodeCursor(id: string | number): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

export function readPage(first: number | null | undefined, after: string | null | undefined): Page {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  if (after === null || after === undefined) return { first: size, afterId: null };

  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  const match = /^id:(\d{1,18})$/.exec(decoded);
  if (!match?.[1]) throw badInput('after is not a cursor this API returned.', 'after');
  return { first: size, afterId: match[1] };
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a connection from up to `first + 1` rows: the extra row only says a next page exists. */
export function toConnection<T extends { id: string | number }>(
  rows: T[],
  first: number,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
