/**
 * The orders module's size limits. The domain enforces each of them (422 naming the field); the
 * request DTOs import the same constants so the OpenAPI schema and the early transport check
 * never drift from the rule.
 */

/** An order's free-text note. */
export const MAX_NOTE = 5000;
/** Travellers of an order (and of one service). */
export const MAX_TRAVELLERS = 50;
/** Services of one order. */
export const MAX_SERVICES = 500;
/** The reason given when an order is cancelled. */
export const MAX_CANCEL_REASON = 1000;

/** A place of a service: city, station / terminal, street address. */
export const MAX_CITY = 100;
export const MAX_STATION = 200;
export const MAX_ADDRESS = 500;
/** An IATA airport code. */
export const MAX_IATA = 3;

/** The supplier's name on a service. */
export const MAX_SUPPLIER = 200;
/** The supplier's booking reference. */
export const MAX_BOOKING_REF = 100;
/** A service's type-specific details, as JSON text. */
export const MAX_DETAILS_JSON = 10_000;
