import { registerEnumType } from 'type-graphql';

/** The three tiers of local government in the seed snapshot (before the July 2025 reform). */
export enum AdministrativeLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

registerEnumType(AdministrativeLevel, {
  name: 'AdministrativeLevel',
  description: 'Tier of local government: province (tỉnh), district (huyện) or commune (xã).',
  valuesConfig: {
    PROVINCE: { description: 'Province or centrally governed city (cấp tỉnh).' },
    DISTRICT: { description: 'District, town or provincial city (cấp huyện).' },
    COMMUNE: { description: 'Commune, ward or township (cấp xã).' },
  },
});
