import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A law, decree or circular that procedures cite as their legal basis. */
@Entity('legal_document')
@Unique('legal_document_number_key', ['number'])
export class LegalDocumentEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'varchar', length: 60 })
  number!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'varchar', length: 200 })
  issuer!: string;

  @Column({ type: 'date', nullable: true })
  issuedOn!: string | null;
}
