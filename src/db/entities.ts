import { AgencyEntity } from '../catalogue/agency.entity';
import { ChannelFeeEntity } from '../catalogue/channel-fee.entity';
import { FieldEntity } from '../catalogue/field.entity';
import { LegalDocumentEntity } from '../catalogue/legal-document.entity';
import { ProcedureChannelEntity } from '../catalogue/procedure-channel.entity';
import { ProcedureLegalBasisEntity } from '../catalogue/procedure-legal-basis.entity';
import { ProcedureStepEntity } from '../catalogue/procedure-step.entity';
import { ProcedureEntity } from '../catalogue/procedure.entity';
import { RequiredDocumentEntity } from '../catalogue/required-document.entity';
import { AdministrativeUnitEntity } from '../units/administrative-unit.entity';
import { SeedRunEntity } from './seed-run.entity';

/** Every entity, listed explicitly so sources (tests) and dist (npm start) load the same set. */
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
  SeedRunEntity,
];
