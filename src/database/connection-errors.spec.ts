import { DatabaseError } from 'pg';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isConnectionLoss } from './connection-errors';

/** An error as node-postgres builds it from the server's ErrorResponse. */
function pgError(code: string, message = 'server said no'): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code, severity: 'FATAL' });
}

function nodeError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

function wrapped(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('isConnectionLoss', () => {
  it.each<[string, unknown]>([
    [
      '57P01 admin_shutdown (a restart, pg_terminate_backend)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['57P01 inside a TypeORM QueryFailedError', wrapped(pgError('57P01'))],
    ['57P02 crash_shutdown', pgError('57P02')],
    [
      '57P03 cannot_connect_now (starting up)',
      pgError('57P03', 'the database system is starting up'),
    ],
    ['57P05 idle_session_timeout', pgError('57P05')],
    ['53300 too_many_connections', pgError('53300', 'sorry, too many clients already')],
    ['08006 connection_failure', pgError('08006')],
    ['08001 sqlclient_unable_to_establish_sqlconnection', pgError('08001')],
    ['08P01 protocol_violation', pgError('08P01')],
    ['ECONNREFUSED (the server is down)', nodeError('ECONNREFUSED')],
    ['ECONNRESET', nodeError('ECONNRESET')],
    ['EPIPE', nodeError('EPIPE')],
    ['ETIMEDOUT', nodeError('ETIMEDOUT')],
    ['EHOSTUNREACH', nodeError('EHOSTUNREACH')],
    ['ENOTFOUND (DNS during a failover)', nodeError('ENOTFOUND')],
    ['EAI_AGAIN', nodeError('EAI_AGAIN')],
    [
      'ECONNREFUSED from both address families (AggregateError)',
      new AggregateError([nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')], 'connect failed'),
    ],
    [
      'ECONNREFUSED as the cause',
      new Error('could not connect', { cause: nodeError('ECONNREFUSED') }),
    ],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    [
      'pg: the same, inside a QueryFailedError',
      wrapped(new Error('Connection terminated unexpectedly')),
    ],
    [
      'pg-pool: Connection terminated due to connection timeout',
      new Error('Connection terminated due to connection timeout'),
    ],
    ['pg: Connection terminated (the client was ended)', new Error('Connection terminated')],
    [
      'pg-pool: no connection checked out in time',
      new Error('timeout exceeded when trying to connect'),
    ],
    [
      'pg: a query on a client whose connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['pg: a query on a closed client', new Error('Client was closed and is not queryable')],
    [
      "TypeORM: the transaction's runner was released when its connection failed",
      new QueryRunnerAlreadyReleasedError(),
    ],
    [
      "TypeORM: the transaction's manager, once its runner was released",
      new QueryRunnerProviderAlreadyReleasedError(),
    ],
  ])('counts %s as connection loss', (_name, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['23505 unique_violation', pgError('23505')],
    ['23505 inside a QueryFailedError', wrapped(pgError('23505'))],
    ['40001 serialization_failure', pgError('40001')],
    ['40P01 deadlock_detected', pgError('40P01')],
    ['42P01 undefined_table', pgError('42P01')],
    ['57014 query_canceled (statement timeout: the connection is fine)', pgError('57014')],
    ['57P04 database_dropped (waiting will not help)', pgError('57P04')],
    ['25P03 idle_in_transaction_session_timeout (our bug)', pgError('25P03')],
    [
      'a Node error that is not about sockets',
      Object.assign(new Error('bad'), { code: 'ERR_INVALID_ARG_TYPE' }),
    ],
    ['a word that only contains "Connection terminated"', new Error('Lost: Connection terminated')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a numeric code', Object.assign(new Error('x'), { code: 8006 })],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
  ])('does not count %s', (_name, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });

  it('stops on an error that wraps itself', () => {
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(isConnectionLoss(loop)).toBe(false);
    const deep = { cause: { cause: { cause: { cause: { cause: nodeError('ECONNREFUSED') } } } } };
    expect(isConnectionLoss(deep)).toBe(false);
  });
});
