import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, toPage } from '../common/dto/pagination.dto';
import { DomainError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { intervalProblem, trialDaysProblem } from '../subscriptions/billing-period';
import { DEFAULT_TAX_CLASS } from '../products/tax-class';
import { CreatePlanDto, PlanResponseDto, UpdatePlanDto } from './dto/plan.dto';
import { Plan } from './plan.entity';
import { PlansRepository } from './plans.repository';

export function toPlanResponse(plan: Plan): PlanResponseDto {
  return {
    id: plan.id,
    name: plan.name,
    amount: plan.amount,
    currency: 'KRW',
    intervalUnit: plan.intervalUnit,
    intervalCount: plan.intervalCount,
    trialDays: plan.trialDays,
    taxClass: plan.taxClass,
    active: plan.active,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

@Injectable()
export class PlansService {
  constructor(private readonly plans: PlansRepository) {}

  async listActive(query: PageQueryDto): Promise<Page<PlanResponseDto>> {
    const [items, total] = await this.plans.findActivePage(
      (query.page - 1) * query.limit,
      query.limit,
    );
    return toPage(items.map(toPlanResponse), total, query);
  }

  async create(dto: CreatePlanDto): Promise<PlanResponseDto> {
    const plan = await this.plans.insert({
      name: dto.name,
      amount: dto.amount,
      intervalUnit: dto.intervalUnit,
      intervalCount: dto.intervalCount,
      trialDays: dto.trialDays ?? 0,
      taxClass: dto.taxClass ?? DEFAULT_TAX_CLASS,
      active: true,
    });
    return toPlanResponse(plan);
  }

  /** A unit or count changed alone is checked with the other as stored, under the row lock. */
  @Transactional()
  async update(id: string, dto: UpdatePlanDto): Promise<PlanResponseDto> {
    const plan = await this.plans.findByIdForUpdate(id);
    if (!plan) throw idNotFound('plan');
    const next: Plan = {
      ...plan,
      ...Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)),
    };
    const problem =
      intervalProblem({ unit: next.intervalUnit, count: next.intervalCount }) ??
      trialDaysProblem(next.trialDays);
    if (problem) {
      throw new DomainError('VALIDATION_ERROR', problem, [
        { field: 'intervalCount', problems: [problem] },
      ]);
    }
    return toPlanResponse(await this.plans.save(next));
  }

  /** An active plan to subscribe to, or 404 PLAN_NOT_FOUND. */
  async activePlan(id: string): Promise<Plan> {
    const plan = await this.plans.findById(id);
    if (!plan || !plan.active) throw idNotFound('plan');
    return plan;
  }
}
