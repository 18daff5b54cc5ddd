/**
 * Nullable fields whose type is a named schema (one with a `.meta({ id })`).
 *
 * @module
 */
import { z } from "zod";

/**
 * `schema` or `null`. Use it instead of `.nullable()` on schemas that have an `id`: the OpenAPI
 * generator (`@asteasolutions/zod-to-openapi`) turns `Message.nullable()` into a bare reference
 * to `Message` and makes the `Message` component itself nullable, so the document would forbid
 * the field's null and allow null wherever else a message appears. A union becomes
 * `anyOf: [{ $ref }, { type: "null" }]`, which says what the server sends. Parsing is the same.
 *
 * @param schema a schema with an `id`
 * @returns a schema accepting what `schema` accepts, and `null`
 * @example A nullable reference
 * ```ts
 * import { z } from "zod";
 * import { orNull } from "./nullable.ts";
 * const UserRef = z.object({ id: z.string() }).meta({ id: "UserRefExample" });
 * const Row = z.object({ peer: orNull(UserRef) });
 * console.log(Row.parse({ peer: null })); // { peer: null }
 * ```
 */
export function orNull<T extends z.ZodType>(schema: T): z.ZodUnion<[T, z.ZodNull]> {
  return z.union([schema, z.null()]);
}
