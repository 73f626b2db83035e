import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from '../agency.entity';
import { ProcedureEntity } from '../procedure.entity';
import { LegalActEntity } from './legal-act.entity';

/** One change of the catalogue, in the order recorded: the change feed and the procedures' history. */
@Entity('procedure_change')
@Unique('procedure_change_code_version_key', ['procedureCode', 'version'])
@Index('procedure_change_procedure_idx', ['procedure'])
@Check('procedure_change_kind_check', `kind IN ('CREATED', 'AMENDED', 'ABOLISHED', 'REMOVED', 'RESTORED')`)
@Check('procedure_change_removal_check', `(kind = 'REMOVED') = (procedure_id IS NULL)`)
@Check('procedure_change_origin_check', `origin IN ('SEED', 'EDIT', 'IMPORT')`)
@Index('procedure_change_recorded_at_idx', ['recordedAt'])
export class ProcedureChangeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  position!: string;

  @Column({ type: 'varchar', length: 32 })
  procedureCode!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** The version's row; null for a removal. */
  @ManyToOne(() => ProcedureEntity, { nullable: true })
  @JoinColumn({ name: 'procedure_id' })
  procedure!: ProcedureEntity | null;

  @ManyToOne(() => LegalActEntity, { nullable: true })
  @JoinColumn({ name: 'legal_act_id' })
  legalAct!: LegalActEntity | null;

  @Column({ type: 'text', array: true })
  changedFields!: string[];

  /** Who made the change: SEED (the seed and migrations), EDIT (a catalogue mutation) or IMPORT (a national package import). */
  @Column({ type: 'varchar', length: 10, default: 'SEED' })
  origin!: string;

  /** The API key's name (or the importing tool's), as it was when the change was made; null for the seed. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  author!: string | null;

  /** The key's id, for the operators; no foreign key (the key table is the dossier side's). */
  @Column({ type: 'integer', nullable: true })
  authorKeyId!: number | null;

  /** The agency of an agency-scoped key; null for a province key, the seed and the command line. */
  @ManyToOne(() => AgencyEntity, { nullable: true })
  @JoinColumn({ name: 'author_agency_id' })
  authorAgency!: AgencyEntity | null;
}
