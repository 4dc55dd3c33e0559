import { bigintColumn, column, join, jsonColumn, raw, sql, table } from './sql';

interface Row {
  id: string;
  amount: number;
  tags: string[] | null;
  note: string | null;
}
const things = table<Row>('things', {
  id: column('thing_id', 'varchar'),
  amount: bigintColumn('amount'),
  tags: jsonColumn('tags'),
  note: column('note', 'varchar'),
});

describe('sql: values named where they are used', () => {
  it('numbers values in order, through nested fragments', () => {
    const where = sql`amount > ${5} AND note = ${'x'}`;
    const q = sql`SELECT ${things.all} FROM ${things.ref} WHERE thing_id = ${'a'} AND (${where}) LIMIT ${10}`;
    expect(q.text).toBe(
      'SELECT thing_id, amount, tags, note FROM things WHERE thing_id = $1 AND (amount > $2 AND note = $3) LIMIT $4',
    );
    expect(q.values).toEqual(['a', 5, 'x', 10]);
  });

  it('takes raw text and joins fragments', () => {
    expect(sql`${raw('now()')}, ${join([sql`${1}`, sql`${2}`], ' + ')}`.text).toBe(
      'now(), $1 + $2',
    );
    expect(join([]).text).toBe('');
  });

  it('sets, types and unnests a table’s columns, writing jsonb as JSON text', () => {
    const row = { id: 'a', amount: 7, tags: ['t'], note: null };
    const set = sql`UPDATE things SET ${things.set(row, ['amount', 'tags'])} WHERE thing_id = ${row.id}`;
    expect([set.text, set.values]).toEqual([
      'UPDATE things SET amount = $1, tags = $2 WHERE thing_id = $3',
      [7, '["t"]', 'a'],
    ]);
    const values = things.values(undefined, ['id', 'note']);
    expect([values.text, values.values]).toEqual(['$1::varchar, $2::varchar', [null, null]]);
    const rows = things.rows([row, { ...row, id: 'b', amount: 8 }], ['id', 'amount']);
    expect([rows.text, rows.values]).toEqual([
      'unnest($1::varchar[], $2::bigint[])',
      [
        ['a', 'b'],
        [7, 8],
      ],
    ]);
    expect(things.excluded(['amount', 'note']).text).toBe(
      'amount = EXCLUDED.amount, note = EXCLUDED.note',
    );
  });

  it('maps a row back by the same definition', () => {
    expect(things.fromRow({ thing_id: 'a', amount: '12', tags: ['t'], note: null })).toEqual({
      id: 'a',
      amount: 12,
      tags: ['t'],
      note: null,
    });
  });
});
