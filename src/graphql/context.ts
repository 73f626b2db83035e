/** What the request turned out to be, for metrics and logs (set by operationLabelPlugin). */
export interface Observed {
  operation: string;
}

/**
 * What every resolver's context has, whatever the feature: features add their services and
 * loaders in a context type of their own, and the app builds one object that is all of them.
 */
export interface RequestContext {
  observed?: Observed;
  /** The day (YYYY-MM-DD, Vietnam's calendar) the request is answered as of, unless it asks for another. */
  today: string;
}
