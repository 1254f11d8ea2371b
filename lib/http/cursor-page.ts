import "server-only";
import { AppError } from "../errors/app-error";
import { parsePublicId, type IdKind } from "../ids";
import { LIST_LIMITS } from "./list-schemas";

/**
 * The internal id a `starting_after` cursor points at, for `WHERE id < cursor` (ids are ULIDs, so
 * newest first is `ORDER BY id DESC`). The cursor must be one of the organisation's own objects of
 * this kind; anything else is cursor_invalid, so foreign ids are never confirmed to exist.
 */
export async function cursorId(
  kind: IdKind,
  startingAfter: string | undefined,
  organizationId: string,
  ownerOf: (id: string) => Promise<{ organizationId: string } | null>,
): Promise<string | undefined> {
  if (startingAfter === undefined) return undefined;
  const id = parsePublicId(kind, startingAfter);
  if (!id || (await ownerOf(id))?.organizationId !== organizationId) throw new AppError("cursor_invalid", { param: "starting_after" });
  return id;
}

/** How many rows to fetch: one more than the page, to learn whether another page follows. */
export const pageTake = (limit: number | undefined) => (limit ?? LIST_LIMITS.default) + 1;

/** `{ data, has_more, next_cursor }` from rows fetched with `pageTake(limit)`. */
export function toPage<R, T extends { id: string }>(rows: R[], limit: number | undefined, serialize: (row: R) => T) {
  const size = limit ?? LIST_LIMITS.default;
  const data = rows.slice(0, size).map(serialize);
  const hasMore = rows.length > size;
  return { data, has_more: hasMore, next_cursor: hasMore ? data[data.length - 1].id : null };
}
