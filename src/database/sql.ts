/**
 * One way to write SQL: a tagged template that turns every `${value}` into the next `$n`, so a
 * statement names its values where they are used and no file depends on another file's `$n`.
 * Fragments (`Sql`) nest: their values are renumbered into the outer statement. A table is defined
 * once (`table()`): its column list, row type, row mapper, SET list, typed VALUES and unnest() rows
 * all come from that definition.
 *
 * Why a helper and not a query builder: the hot paths are single statements with CTEs (a confirm's
 * whole record is one round trip) that a builder cannot express without raw SQL anyway, and the
 * text of each statement must stay fixed (it is prepared once per connection), which a template
 * gives for free. Building a statement is string concatenation, no parsing.
 */
export class Sql {
  private cached?: string;

  /** `strings.length === values.length + 1`; a value sits between two strings. */
  private constructor(
    private readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The statement with `$1`, `$2`… in place of its values. */
  get text(): string {
    if (this.cached === undefined) {
      let text = this.strings[0];
      for (let i = 1; i < this.strings.length; i++) text += `$${i}${this.strings[i]}`;
      this.cached = text;
    }
    return this.cached;
  }

  static from(strings: readonly string[], parts: readonly unknown[]): Sql {
    const out = [strings[0]];
    const values: unknown[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part instanceof Sql) {
        out[out.length - 1] += part.strings[0];
        for (let j = 0; j < part.values.length; j++) {
          values.push(part.values[j]);
          out.push(part.strings[j + 1]);
        }
        out[out.length - 1] += strings[i + 1];
      } else {
        values.push(part);
        out.push(strings[i + 1]);
      }
    }
    return new Sql(out, values);
  }
}

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  return Sql.from(strings, parts);
}

/** SQL text taken as is: only for names and fragments written in code, never for input. */
export function raw(text: string): Sql {
  return Sql.from([text], []);
}

export function join(fragments: readonly Sql[], separator = ', '): Sql {
  if (fragments.length === 0) return raw('');
  const strings = ['', ...Array<string>(fragments.length - 1).fill(separator), ''];
  return Sql.from(strings, fragments);
}

interface Queryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** Runs a statement through TypeORM's runner (which joins the CLS transaction, if any). */
export function run<T = unknown>(db: Queryable, statement: Sql): Promise<T> {
  return db.query(statement.text, statement.values as unknown[]) as Promise<T>;
}

/** One column of a table: its name, its PostgreSQL type (for casts), and how values cross. */
export interface Column<T> {
  name: string;
  type: string;
  /** From node-pg's value to ours (e.g. bigint arrives as a string). */
  read?: (value: unknown) => NonNullable<T>;
  /** From ours to the parameter node-pg sends (e.g. jsonb as JSON text). */
  write?: (value: NonNullable<T>) => unknown;
}

export function column<T>(
  name: string,
  type: string,
  convert: Pick<Column<T>, 'read' | 'write'> = {},
): Column<T> {
  return { name, type, ...convert };
}

/** bigint arrives from node-pg as a string; money here is whole KRW, safely a number. */
export const bigintColumn = (name: string): Column<number> =>
  column(name, 'bigint', { read: Number });

/** A bigint column that may be NULL (node-pg hands NULL over without reading it). */
export const nullableBigintColumn = (name: string): Column<number | null> =>
  column<number | null>(name, 'bigint', { read: Number });

/** node-pg would send a JS array as a PostgreSQL array: jsonb goes as JSON text. */
export function jsonColumn<T>(name: string): Column<T> {
  return column<T>(name, 'jsonb', {
    write: (value) => JSON.stringify(value),
  });
}

type Columns<Row> = { readonly [K in keyof Row]: Column<Row[K]> };

export class Table<Row> {
  /** The table's name, for a statement. */
  readonly ref: Sql;
  /** Every column, for a SELECT or RETURNING list. */
  readonly all: Sql;
  private readonly keys: readonly (keyof Row)[];

  constructor(
    readonly name: string,
    readonly columns: Columns<Row>,
  ) {
    this.ref = raw(name);
    this.keys = Object.keys(columns) as (keyof Row)[];
    this.all = this.list(this.keys);
  }

  /** `t.a, t.b, …`: every column, qualified by `alias` (for a join). */
  allOf(alias: string): Sql {
    return raw(this.keys.map((key) => `${alias}.${this.columns[key].name}`).join(', '));
  }

  /** `a, b, c`: these columns' names. */
  list(keys: readonly (keyof Row)[]): Sql {
    return raw(keys.map((key) => this.columns[key].name).join(', '));
  }

  /** A row as node-pg returned it (every column of `all`), as ours. */
  fromRow(row: Record<string, unknown>): Row {
    const out = {} as Row;
    for (const key of this.keys) {
      const col = this.columns[key];
      const value = row[col.name];
      out[key] = (col.read && value !== null ? col.read(value) : value) as Row[typeof key];
    }
    return out;
  }

  /** `a = $n, b = $m`: these columns set from `row` (all null when there is no row). */
  set(row: Partial<Row> | undefined, keys: readonly (keyof Row)[]): Sql {
    return join(keys.map((key) => sql`${raw(this.columns[key].name)} = ${this.param(row, key)}`));
  }

  /** `a = EXCLUDED.a, b = EXCLUDED.b`: an upsert's update of these columns to the new row's. */
  excluded(keys: readonly (keyof Row)[]): Sql {
    return raw(
      keys
        .map((key) => `${this.columns[key].name} = EXCLUDED.${this.columns[key].name}`)
        .join(', '),
    );
  }

  /** `$n::type, $m::type`: these columns' values from `row`, typed (e.g. for INSERT … SELECT). */
  values(row: Partial<Row> | undefined, keys: readonly (keyof Row)[]): Sql {
    return join(keys.map((key) => sql`${this.param(row, key)}::${raw(this.columns[key].type)}`));
  }

  /**
   * `unnest($n::type[], …)`: any number of rows as one array parameter per column, so the
   * statement's text is the same for one row or fifty (one prepared statement).
   */
  rows(rows: readonly Partial<Row>[], keys: readonly (keyof Row)[]): Sql {
    const arrays = keys.map(
      (key) => sql`${rows.map((row) => this.param(row, key))}::${raw(this.columns[key].type)}[]`,
    );
    return sql`unnest(${join(arrays)})`;
  }

  private param(row: Partial<Row> | undefined, key: keyof Row): unknown {
    const value = row?.[key] ?? null;
    const write = this.columns[key].write;
    return write && value !== null ? write(value) : value;
  }
}

export function table<Row>(name: string, columns: Columns<Row>): Table<Row> {
  return new Table(name, columns);
}
