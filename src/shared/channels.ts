/** How a dossier is submitted, and the ways a procedure offers (cách thức thực hiện). */
export enum ChannelKind {
  ONLINE = 'ONLINE',
  IN_PERSON = 'IN_PERSON',
  POSTAL = 'POSTAL',
}

/** Every channel, in the order channels are packed in (see the dossiers' ingestion). */
export const CHANNELS: readonly ChannelKind[] = [ChannelKind.ONLINE, ChannelKind.IN_PERSON, ChannelKind.POSTAL];
