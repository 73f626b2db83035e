import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A sector (lĩnh vực) that procedures belong to, such as Hộ tịch or Đất đai. */
@Entity('field')
@Unique('field_code_key', ['code'])
export class FieldEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 80 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;
}
