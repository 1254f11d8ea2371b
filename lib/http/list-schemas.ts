// Shapes every cursor-paginated list shares, so each list endpoint is the same to validate, type and
// document. Isomorphic (no server imports).
import { z } from "zod";

export const LIST_LIMITS = { max: 100, default: 20 } as const;

/** Query strings arrive as text: accept digits only, so "1.5", "1e2" and " 5" are refused. */
export const ListLimit = z
  .string()
  .regex(/^[0-9]{1,4}$/, { error: "must be an integer" })
  .transform(Number)
  .pipe(z.int().min(1, { error: "limit must be at least 1" }).max(LIST_LIMITS.max, { error: `limit must be at most ${LIST_LIMITS.max}` }));

export const StartingAfter = (what: string) =>
  z.string().max(64).meta({ description: `The id of the last ${what} of the previous page.` });

/** The error codes of the parameters every list takes; spread into each list's own field codes. */
export const LIST_FIELD_ERROR_CODES = { limit: "limit_invalid", starting_after: "cursor_invalid" } as const;

/** `{ data, has_more, next_cursor }`, newest first. */
export function listEnvelope<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item).meta({ description: "Newest first." }),
      has_more: z.boolean().meta({ description: "Whether another page follows this one." }),
      next_cursor: z.string().nullable().meta({ description: "Pass as `starting_after` to fetch the next page; null on the last page." }),
    })
    .meta({ id });
}
