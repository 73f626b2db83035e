/** The three tiers of local government in the seed snapshot (before the July 2025 reform). */
export enum AdministrativeLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

/** From the top: the order of every list by level, and the position a level is packed as. */
export const LEVELS: readonly AdministrativeLevel[] = [AdministrativeLevel.PROVINCE, AdministrativeLevel.DISTRICT, AdministrativeLevel.COMMUNE];
export const LEVEL_INDEX = Object.fromEntries(LEVELS.map((level, i) => [level, i])) as Record<AdministrativeLevel, number>;
