import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LegalDocumentEntity } from './legal-document.entity';
import { ProcedureEntity } from './procedure.entity';

/** A legal document cited by a procedure, in the order the catalogue lists them. */
@Entity('procedure_legal_basis')
export class ProcedureLegalBasisEntity {
  @PrimaryColumn({ type: 'integer', name: 'procedure_id' })
  procedureId!: number;

  @PrimaryColumn({ type: 'integer', name: 'legal_document_id' })
  legalDocumentId!: number;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id' })
  procedure!: ProcedureEntity;

  @ManyToOne(() => LegalDocumentEntity)
  @JoinColumn({ name: 'legal_document_id' })
  legalDocument!: LegalDocumentEntity;

  @Column({ type: 'smallint' })
  position!: number;
}
