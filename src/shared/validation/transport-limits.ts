/**
 * Transport guards the request DTOs share: they stop oversized strings before the domain parses
 * them (and show the bound in the OpenAPI schema). The domain's own rule — a format, a range —
 * decides whether the value is valid; these only cap what is worth parsing.
 */

/** ISO 8601 text (date, or instant with offset and fraction). */
export const MAX_ISO_TEXT = 40;
/** An IANA time zone name. */
export const MAX_TIME_ZONE = 64;
/** An ISO 3166-1 alpha-2 country code. */
export const ISO_COUNTRY_LENGTH = 2;
/** A free-text search of a list. */
export const MAX_SEARCH_TEXT = 100;
/** A `sort` parameter of a list (`field` or `-field`). */
export const MAX_SORT = 40;
