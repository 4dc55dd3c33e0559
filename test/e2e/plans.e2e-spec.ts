import { admin, customer, SignedIn } from '../factories/auth.factory';
import { expectErrorBody, invalidFields } from '../factories/http.factory';
import { startTestApp, TestApp } from '../setup/test-app';

/** Plans' tax class (issue 15): set by an admin when the plan is made, answered everywhere. */
describe('plans: tax class (e2e)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let kim: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    boss = await admin(t.http);
    kim = await customer(t.http);
  });
  afterAll(() => t.close());

  const monthly = { name: '월간 구독', amount: 9900, intervalUnit: 'MONTH', intervalCount: 1 };

  it('is TAXABLE when left out', async () => {
    const res = await t.http.post('/api/v1/plans').set(boss.auth).send(monthly).expect(201);
    expect(res.body).toMatchObject({ amount: 9900, taxClass: 'TAXABLE' });
  });

  it('is set by an admin to TAX_FREE, answered on creation and in the public list', async () => {
    const res = await t.http
      .post('/api/v1/plans')
      .set(boss.auth)
      .send({ ...monthly, name: '주간 도서 정기배송', taxClass: 'TAX_FREE' })
      .expect(201);
    expect(res.body).toMatchObject({ name: '주간 도서 정기배송', taxClass: 'TAX_FREE' });
    const listed = await t.http.get('/api/v1/plans?limit=100').expect(200);
    expect(listed.body.items).toContainEqual(res.body);
  });

  it('keeps its class when other fields change', async () => {
    const plan = await t.http
      .post('/api/v1/plans')
      .set(boss.auth)
      .send({ ...monthly, taxClass: 'TAX_FREE' })
      .expect(201);
    const changed = await t.http
      .patch(`/api/v1/plans/${plan.body.id}`)
      .set(boss.auth)
      .send({ amount: 12_000 })
      .expect(200);
    expect(changed.body).toMatchObject({ amount: 12_000, taxClass: 'TAX_FREE' });
  });

  it.each([
    ['an unknown class', 'ZERO_RATED'],
    ['a lower-case class', 'tax_free'],
    ['null', null],
    ['a number', 1],
  ])('refuses %s with 400 VALIDATION_ERROR naming taxClass', async (_, taxClass) => {
    const res = await t.http
      .post('/api/v1/plans')
      .set(boss.auth)
      .send({ ...monthly, taxClass })
      .expect(400);
    expectErrorBody(res, 400, 'VALIDATION_ERROR');
    expect(invalidFields(res)).toEqual(['taxClass']);
  });

  it('is set once, when the plan is made: a PATCH naming it is 400 VALIDATION_ERROR', async () => {
    const plan = await t.http.post('/api/v1/plans').set(boss.auth).send(monthly).expect(201);
    const res = await t.http
      .patch(`/api/v1/plans/${plan.body.id}`)
      .set(boss.auth)
      .send({ taxClass: 'TAX_FREE' })
      .expect(400);
    expectErrorBody(res, 400, 'VALIDATION_ERROR');
    expect(invalidFields(res)).toContain('taxClass');
    const listed = await t.http.get('/api/v1/plans?limit=100').expect(200);
    expect(listed.body.items).toContainEqual(plan.body);
  });

  it('answers 403 FORBIDDEN to a customer', async () => {
    const res = await t.http
      .post('/api/v1/plans')
      .set(kim.auth)
      .send({ ...monthly, taxClass: 'TAX_FREE' })
      .expect(403);
    expectErrorBody(res, 403, 'FORBIDDEN');
  });

  it('names the enum TaxClass in the served schema', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const dto of ['CreatePlanDto', 'PlanResponseDto']) {
      expect(JSON.stringify(doc.components.schemas[dto].properties.taxClass)).toContain(
        '#/components/schemas/TaxClass',
      );
    }
    expect(doc.components.schemas.PlanResponseDto.required).toContain('taxClass');
  });
});
