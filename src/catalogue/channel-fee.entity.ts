import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ProcedureChannelEntity } from './procedure-channel.entity';

/** A fee (phí) or state charge (lệ phí) due on one channel of a procedure. */
@Entity('channel_fee')
@Unique('channel_fee_key', ['channel', 'position'])
@Check('channel_fee_kind_check', `kind IN ('FEE','CHARGE')`)
@Check('channel_fee_amount_check', `amount_vnd >= 0`)
export class ChannelFeeEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @ManyToOne(() => ProcedureChannelEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel!: ProcedureChannelEntity;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 6 })
  kind!: string;

  /** null when the amount is not fixed by the catalogue (e.g. set per case). */
  @Column({ type: 'bigint', nullable: true })
  amountVnd!: string | null;

  @Column({ type: 'text' })
  description!: string;
}
