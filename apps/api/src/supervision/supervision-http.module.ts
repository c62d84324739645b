import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { SupervisionController } from './supervision.controller';

/** Workload (khối lượng công việc) and watchlists (danh sách theo dõi) for heads and auditors. */
@Module({ imports: [CasesModule], controllers: [SupervisionController] })
export class SupervisionHttpModule {}
