import TestAgent from 'supertest/lib/agent';

/**
 * The customer's authentication in Toss's window (sandbox). The order's tax-free part goes with it,
 * as a shop passes it to requestPayment (Toss reads it only there).
 */
export async function authorize(
  http: TestAgent,
  order: { orderId: string; amount: number; orderName?: string; taxFreeAmount?: number },
  method = 'CARD',
): Promise<string> {
  const res = await http
    .post('/sandbox/toss/test/authorize')
    .send({
      orderId: order.orderId,
      amount: order.amount,
      orderName: order.orderName,
      method,
      ...(order.taxFreeAmount && { taxFreeAmount: order.taxFreeAmount }),
    })
    .expect(200);
  return res.body.paymentKey as string;
}

export interface Fault {
  kind:
    | 'LATENCY'
    | 'DECLINE'
    | 'ERROR'
    | 'APPROVE_THEN_ERROR'
    | 'APPROVE_THEN_HANG'
    | 'HANG'
    | 'RESET'
    | 'RATE_LIMIT';
  operation?: 'confirm' | 'cancel' | 'get';
  orderId?: string;
  paymentKey?: string;
  latencyMs?: number;
  code?: string;
  httpStatus?: number;
  message?: string;
  remaining?: number;
}

export async function injectFault(http: TestAgent, fault: Fault): Promise<void> {
  await http
    .post('/sandbox/toss/test/faults')
    .send(fault)
    .expect((res) => {
      if (res.status >= 300)
        throw new Error(`fault not accepted: ${res.status} ${JSON.stringify(res.body)}`);
    });
}

export async function clearFaults(http: TestAgent): Promise<void> {
  await http.delete('/sandbox/toss/test/faults').expect((res) => {
    if (res.status >= 300) throw new Error(`faults not cleared: ${res.status}`);
  });
}

interface SandboxPayment {
  paymentKey: string;
  orderId: string;
  status: string;
  totalAmount: number;
  balanceAmount: number;
  method: string | null;
}

/** GET /sandbox/toss/test/payments: what the sandbox holds for an order, and what it was asked. */
export interface SandboxRecord {
  payments: SandboxPayment[];
  /** The latest payment of the order. */
  payment: SandboxPayment | null;
  approvals: number;
  deposits: number;
  /** Cancel transactions made (each partial cancel counts). */
  cancels: number;
  confirmCalls: number;
  cancelCalls: number;
  getCalls: number;
}

/** What the sandbox (Toss) holds for an order: the other side of the books. */
export async function tossRecord(http: TestAgent, orderId: string): Promise<SandboxRecord> {
  const res = await http.get('/sandbox/toss/test/payments').query({ orderId }).expect(200);
  return res.body as SandboxRecord;
}
