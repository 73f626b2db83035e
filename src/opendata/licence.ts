/** The one licence of every dataset and descriptor: open government data anyone may reuse with attribution. */
export const LICENCE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0 International',
  path: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** Who publishes the data (DCAT publisher, Data Package contributor). */
export const PUBLISHER = {
  name: "Open API for Vietnam's administrative procedures",
  nameVi: 'API mở về thủ tục hành chính',
} as const;
