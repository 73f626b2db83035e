import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A legal act that changes the catalogue: the province's announcement decision of a change. */
@Entity('legal_act')
@Unique('legal_act_number_key', ['number'])
export class LegalActEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  number!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ type: 'date', nullable: true })
  issuedOn!: string | null;

  /** true for generated acts (seed data), which must never be cited as real. */
  @Column({ type: 'boolean', default: false })
  isRepresentative!: boolean;
}
