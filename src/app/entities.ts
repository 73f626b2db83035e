import { AgencyEntity } from '../catalogue/agency.entity';
import { ChannelFeeEntity } from '../catalogue/channel-fee.entity';
import { FieldEntity } from '../catalogue/field.entity';
import { LegalActEntity } from '../catalogue/history/legal-act.entity';
import { ProcedureChangeEntity } from '../catalogue/history/procedure-change.entity';
import { LegalDocumentEntity } from '../catalogue/legal-document.entity';
import { ProcedureChannelEntity } from '../catalogue/procedure-channel.entity';
import { ProcedureLegalBasisEntity } from '../catalogue/procedure-legal-basis.entity';
import { ProcedureStepEntity } from '../catalogue/procedure-step.entity';
import { ProcedureEntity } from '../catalogue/procedure.entity';
import { RequiredDocumentEntity } from '../catalogue/required-document.entity';
import { AdministrativeUnitEntity } from '../units/administrative-unit.entity';
import { SeedRunEntity } from '../db/seed-run.entity';

/**
 * Every entity, listed explicitly so sources (tests) and dist load the same set. They describe the
 * schema for `npm run migration:generate` (and a test that the migrations build the same one); the
 * service reads and writes with SQL, so its data source needs none.
 */
export const entities = [
  AdministrativeUnitEntity,
  FieldEntity,
  AgencyEntity,
  LegalDocumentEntity,
  ProcedureEntity,
  ProcedureChannelEntity,
  ChannelFeeEntity,
  RequiredDocumentEntity,
  ProcedureStepEntity,
  ProcedureLegalBasisEntity,
  LegalActEntity,
  ProcedureChangeEntity,
  SeedRunEntity,
];
