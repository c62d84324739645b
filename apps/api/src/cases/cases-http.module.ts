import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { CasesController } from './cases.controller';
import { PersonalDataController } from './personal-data.controller';

@Module({ imports: [CasesModule], controllers: [CasesController, PersonalDataController] })
export class CasesHttpModule {}
