import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ProcedureEntity } from './procedure.entity';

/** How a procedure can be carried out (in person, online, by post), with its processing time. */
@Entity('procedure_channel')
@Unique('procedure_channel_key', ['procedure', 'channel'])
@Index('procedure_channel_channel_idx', ['channel', 'procedure'])
@Check('procedure_channel_channel_check', `channel IN ('IN_PERSON','ONLINE','POSTAL')`)
@Check('procedure_channel_time_value_check', `time_value >= 0`)
@Check('procedure_channel_time_unit_check', `time_unit IN ('WORKING_DAY','DAY','HOUR')`)
@Check('procedure_channel_time_check', `(time_value IS NULL) = (time_unit IS NULL)`)
export class ProcedureChannelEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @ManyToOne(() => ProcedureEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id' })
  procedure!: ProcedureEntity;

  @Column({ type: 'varchar', length: 10 })
  channel!: string;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true })
  timeValue!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  timeUnit!: string | null;

  @Column({ type: 'text' })
  timeDescription!: string;
}
