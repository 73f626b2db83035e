import { registerEnumType } from 'type-graphql';
import { ChannelKind } from '../shared/channels';
import { AdministrativeLevel } from '../shared/levels';

/** The shared vocabulary as GraphQL enums; imported by the schema build before any type uses them. */
registerEnumType(AdministrativeLevel, {
  name: 'AdministrativeLevel',
  description: 'Tier of local government: province (tỉnh), district (huyện) or commune (xã).',
  valuesConfig: {
    PROVINCE: { description: 'Province or centrally governed city (cấp tỉnh).' },
    DISTRICT: { description: 'District, town or provincial city (cấp huyện).' },
    COMMUNE: { description: 'Commune, ward or township (cấp xã).' },
  },
});

registerEnumType(ChannelKind, {
  name: 'ChannelKind',
  description: 'Way of submitting a dossier (cách thức thực hiện).',
  valuesConfig: {
    IN_PERSON: { description: 'At the one-stop desk (trực tiếp).' },
    ONLINE: { description: 'On the public-service portal (trực tuyến).' },
    POSTAL: { description: 'Through the public postal service (bưu chính công ích).' },
  },
});

/**
 * The same channels under the name the dossier inputs have had since they were published: one set
 * of values (ChannelKind's), two names in the contract, which never renames.
 */
export const DossierChannel = { ...ChannelKind };
registerEnumType(DossierChannel, {
  name: 'DossierChannel',
  description: 'How a dossier was submitted.',
  valuesConfig: {
    ONLINE: { description: 'Online (trực tuyến).' },
    IN_PERSON: { description: 'In person at the one-stop desk (trực tiếp).' },
    POSTAL: { description: 'By public post (bưu chính công ích).' },
  },
});
