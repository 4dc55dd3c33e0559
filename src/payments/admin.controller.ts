import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth-user';
import { ApiErrors } from '../common/swagger';
import { ReconciliationQueryDto, ReconciliationReportDto } from './dto/reconciliation.dto';
import { ReconciliationReportService } from './reconciliation-report.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly reports: ReconciliationReportService) {}

  @Get('reconciliation')
  @ApiOperation({
    operationId: 'getReconciliationReport',
    summary: 'Orders whose state disagrees with Toss (admin); empty when the books match',
    description:
      'Reads every order changed in the last `days` (default 7) back from Toss. Also `npm run reconcile -- --report`.',
  })
  @ApiOkResponse({ type: ReconciliationReportDto, description: 'The report.' })
  @ApiErrors('FORBIDDEN')
  reconciliation(@Query() query: ReconciliationQueryDto): Promise<ReconciliationReportDto> {
    return this.reports.report(query.days ?? 7);
  }
}
