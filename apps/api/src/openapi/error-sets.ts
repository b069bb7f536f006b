/*
 * The error statuses a public route can answer besides 500, and the sets the route tables share:
 * every route can be refused its key, its permission, its quota or a queue that is away.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 429 | 503;

export const guarded: ErrorStatus[] = [401, 403, 429, 503];
export const withQuery: ErrorStatus[] = [400, ...guarded];
/** A route on one record by its id: also a 404. */
export const ofOneRecord: ErrorStatus[] = [400, 401, 403, 404, 429, 503];
/** A route that reads a body: also a body too large (413) or of a type it does not take (415). */
export const withBody: ErrorStatus[] = [400, 401, 403, 413, 415, 429, 503];
