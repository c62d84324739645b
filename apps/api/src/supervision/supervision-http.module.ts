import { Module } from '@nestjs/common';

/** Workload (khối lượng công việc) and watchlists (danh sách theo dõi) for heads and auditors. */
@Module({})
export class SupervisionHttpModule {}
