import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which seed data set was last applied, by checksum: a start with the same data skips seeding. */
@Entity('seed_run')
export class SeedRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'char', length: 64 })
  checksum!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
