import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AdministrativeUnitEntity } from '../units/administrative-unit.entity';
import type { AdministrativeLevel } from '../shared/levels';

/** A body that handles procedures: a provincial department or a People's Committee. */
@Entity('agency')
@Unique('agency_code_key', ['code'])
@Index('agency_unit_idx', ['unit'])
@Index('agency_level_idx', ['level', 'code'])
@Check('agency_level_check', `level IN ('PROVINCE','DISTRICT','COMMUNE')`)
export class AgencyEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  level!: AdministrativeLevel;

  @ManyToOne(() => AdministrativeUnitEntity, { nullable: false })
  @JoinColumn({ name: 'unit_id' })
  unit!: AdministrativeUnitEntity;
}
