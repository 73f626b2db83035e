import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AdministrativeLevel } from '../shared/levels';

/** A province, district-level or commune-level unit with its official statistics code. */
@Entity('administrative_unit')
@Unique('administrative_unit_code_key', ['code'])
@Index('administrative_unit_parent_idx', ['parent', 'code'])
@Index('administrative_unit_level_idx', ['level', 'code'])
@Check('administrative_unit_kind_check', `kind IN ('tinh','tptw','huyen','quan','thi_xa','tp','xa','phuong','thi_tran')`)
@Check('administrative_unit_level_check', `level IN ('PROVINCE','DISTRICT','COMMUNE')`)
@Check('administrative_unit_parent_check', `(level = 'PROVINCE') = (parent_id IS NULL)`)
export class AdministrativeUnitEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 10 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: string;

  @Column({ type: 'varchar', length: 10 })
  level!: AdministrativeLevel;

  @ManyToOne(() => AdministrativeUnitEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent!: AdministrativeUnitEntity | null;
}
