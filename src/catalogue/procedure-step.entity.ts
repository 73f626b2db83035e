import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ProcedureEntity } from './procedure.entity';

/** One ordered step of a procedure (trình tự thực hiện), within a case. */
@Entity('procedure_step')
@Unique('procedure_step_key', ['procedure', 'position'])
export class ProcedureStepEntity {
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
  description!: string;
}
