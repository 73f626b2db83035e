import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { FieldEntity } from './field.entity';

/**
 * One version of an administrative procedure (thủ tục hành chính), in force from `validFrom` up to
 * `validTo` (see the CatalogueHistory migration). Written by the catalogue writer only; the read
 * paths select columns with SQL and never hydrate this class.
 */
@Entity('procedure')
@Unique('procedure_code_version_key', ['code', 'version'])
@Index('procedure_open_code_key', ['code'], { unique: true, where: 'valid_to IS NULL' })
@Index('procedure_name_idx', ['name', 'id'])
@Index('procedure_updated_at_idx', ['updatedAt', 'id'])
@Index('procedure_processing_idx', { synchronize: false })
@Index('procedure_level_idx', ['level', 'isOneStop'])
@Index('procedure_level_name_idx', ['level', 'name', 'id'])
@Index('procedure_field_name_idx', ['field', 'name', 'id'])
@Index('procedure_agency_name_idx', ['implementingAgency', 'name', 'id'])
@Index('procedure_online_name_idx', ['onlineServiceLevel', 'name', 'id'])
@Index('procedure_one_stop_name_idx', ['isOneStop', 'name', 'id'])
@Index('procedure_subjects_idx', { synchronize: false })
@Index('procedure_code_prefix_idx', { synchronize: false })
@Check('procedure_level_check', `level IN ('PROVINCE','DISTRICT','COMMUNE')`)
@Check('procedure_status_check', `status IN ('PUBLIC','PENDING','ABOLISHED')`)
@Check('procedure_online_service_level_check', `online_service_level IN ('FULL','PARTIAL','NONE')`)
@Check('procedure_legacy_online_level_check', `legacy_online_level BETWEEN 1 AND 4`)
@Check('procedure_subjects_check', `subjects <@ ARRAY['CITIZEN','ENTERPRISE','ORGANISATION','STATE_AGENCY','FOREIGNER']`)
@Check('procedure_effective_check', `effective_to IS NULL OR effective_to >= effective_from`)
@Check('procedure_valid_dates_check', `valid_to IS NULL OR valid_to >= valid_from`)
export class ProcedureEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  /** 1, 2, … per code, in the order the versions were recorded. */
  @Column({ type: 'integer' })
  version!: number;

  /** The first day this version is in force (Vietnam's calendar). */
  @Column({ type: 'date' })
  validFrom!: string;

  /** The first day it no longer is; null while no later change is recorded. */
  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  /** A hash per field of the record, to name the fields a later version changes. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  fieldHashes!: Record<string, string>;

  @Column({ type: 'varchar', length: 1000 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  nameEn!: string | null;

  @Column({ type: 'varchar', length: 10 })
  level!: string;

  @ManyToOne(() => FieldEntity, { nullable: false })
  @JoinColumn({ name: 'field_id' })
  field!: FieldEntity;

  @ManyToOne(() => AgencyEntity, { nullable: false })
  @JoinColumn({ name: 'implementing_agency_id' })
  implementingAgency!: AgencyEntity;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  @Column({ type: 'date' })
  effectiveFrom!: string;

  @Column({ type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'boolean' })
  isOneStop!: boolean;

  @Column({ type: 'boolean' })
  isInterconnected!: boolean;

  @Column({ type: 'varchar', length: 10 })
  onlineServiceLevel!: string;

  /** The pre-2022 levels 1-4, kept only where a source system still sends them. */
  @Column({ type: 'smallint', nullable: true })
  legacyOnlineLevel!: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  subjects!: string[];

  @Column({ type: 'text', nullable: true })
  conditions!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  results!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  announcementDecision!: string | null;

  @Column({ type: 'boolean' })
  isRepresentative!: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  representativeFields!: string[];

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'numeric', precision: 10, scale: 3, nullable: true })
  minProcessingDays!: string | null;

  @Column({ type: 'boolean', default: true })
  isFree!: boolean;

  @Column({ type: 'bigint', nullable: true })
  minFeeVnd!: string | null;
}
