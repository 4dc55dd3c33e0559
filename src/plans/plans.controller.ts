import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth-user';
import { PageQueryDto } from '../common/dto/pagination.dto';
import { ApiErrors } from '../common/swagger';
import { CreatePlanDto, PlanPageDto, PlanResponseDto, UpdatePlanDto } from './dto/plan.dto';
import { IdParam } from '../common/id-param';
import { PlansService } from './plans.service';

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Public()
  @Get()
  @ApiOperation({
    operationId: 'listPlans',
    summary: 'Subscription plans: active ones, oldest first',
    description:
      'Public. Paged with page (from 1) and limit (1 to 100); inactive plans are left out.',
  })
  @ApiOkResponse({ type: PlanPageDto, description: 'One page of plans.' })
  list(@Query() query: PageQueryDto): Promise<PlanPageDto> {
    return this.plans.listActive(query);
  }

  @Roles('admin')
  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'createPlan',
    summary: 'Add a subscription plan (admin)',
    description:
      "Amounts are whole KRW per period; the interval is 1–12 MONTHs, 1–52 WEEKs or 1–365 DAYs, with an optional trial of 0–365 days. taxClass (default TAXABLE) is set here once: a TAX_FREE plan's charges are wholly tax-free. The plan is active at once.",
  })
  @ApiCreatedResponse({ type: PlanResponseDto, description: 'The new plan.' })
  @ApiErrors('FORBIDDEN')
  create(@Body() dto: CreatePlanDto): Promise<PlanResponseDto> {
    return this.plans.create(dto);
  }

  @Roles('admin')
  @Patch(':planId')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'updatePlan',
    summary: 'Change a subscription plan (admin)',
    description:
      'Fields left out stay as they are; `active: false` stops new subscriptions. Running subscriptions keep the name, amount and interval they subscribed with.',
  })
  @ApiOkResponse({ type: PlanResponseDto, description: 'The plan as changed.' })
  @ApiErrors('FORBIDDEN', 'PLAN_NOT_FOUND')
  update(
    @IdParam('planId', 'plan') id: string,
    @Body() dto: UpdatePlanDto,
  ): Promise<PlanResponseDto> {
    return this.plans.update(id, dto);
  }
}
