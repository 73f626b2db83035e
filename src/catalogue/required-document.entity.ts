import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ProcedureEntity } from './procedure.entity';

/** A document the applicant submits (thành phần hồ sơ), within a case of the procedure. */
@Entity('required_document')
@Unique('required_document_key', ['procedure', 'position'])
@Check('required_document_originals_check', `originals >= 0`)
@Check('required_document_copies_check', `copies >= 0`)
export class RequiredDocumentEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @ManyToOne(() => ProcedureEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id' })
  procedure!: ProcedureEntity;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  caseName!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'smallint' })
  originals!: number;

  @Column({ type: 'smallint' })
  copies!: number;

  @Column({ type: 'boolean' })
  isRequired!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  formName!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  formUrl!: string | null;
}
