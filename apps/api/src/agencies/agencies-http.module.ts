import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { AgenciesController } from './agencies.controller';
import { BailiffsController } from './bailiffs.controller';

@Module({ imports: [AgenciesModule], controllers: [AgenciesController, BailiffsController] })
export class AgenciesHttpModule {}
