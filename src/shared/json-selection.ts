/**
 * One key of a JSON object a service builds for a client's selection: the response key and the
 * field it reads (with the keys of that field's own objects when it is an object or a list of
 * them), or a constant (what GraphQL's `__typename` reads). Plain names, so that a service can
 * build the JSON without knowing GraphQL (see answersAsJson).
 */
export type JsonSelection = { key: string; field: string; selection?: JsonSelection[] } | { key: string; constant: string };
