import { Client, type QueryResult } from 'pg';
import { useIntDb } from '../../../test/support/int-db';
import { DescribedOnceQuery } from './described-once-query';

/** The backend's messages a connection received, by name, since `count` was made. */
function messageCounter(client: Client): (name: string) => number {
  const seen = new Map<string, number>();
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('message', (m: { name: string }) => seen.set(m.name, (seen.get(m.name) ?? 0) + 1));
  return (name) => seen.get(name) ?? 0;
}

function run(client: Client, name: string, text: string, values: unknown[]): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const q = new DescribedOnceQuery(text, values, ((err: Error | undefined, r: QueryResult) =>
      err ? reject(err) : resolve(r)) as never);
    (q as unknown as { name: string }).name = name;
    void client.query(q as never);
  });
}

const ROWS = `SELECT $1::int AS n, $2::text[] AS tags, NULL::text AS nothing, $3::numeric AS amount,
                     timestamptz '2027-06-01T10:00:00+03:00' AS at, '{"a":1}'::jsonb AS doc`;

describe.each([
  ['pipelined', true],
  ['one statement at a time', false],
])('DescribedOnceQuery on PostgreSQL (%s)', (_mode, pipeline) => {
  const db = useIntDb(1);
  let client: Client;

  const connect = async (): Promise<Client> => {
    const c = new Client({ connectionString: db().db.url, pipeline } as never);
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    await db().q(`CREATE TABLE IF NOT EXISTS described_probe (id integer PRIMARY KEY, note text NOT NULL)`);
  });
  beforeEach(async () => {
    client = await connect();
  });
  afterEach(async () => {
    await client.end();
  });

  it('asks for the row description once per connection and parses every later row the same way', async () => {
    const count = messageCounter(client);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await run(client, 'probe.rows', ROWS, [i, ['x', 'y'], '12.50']));
    expect(count('rowDescription')).toBe(1);
    results.forEach((r, i) =>
      expect(r.rows).toEqual([
        {
          n: i,
          tags: ['x', 'y'],
          nothing: null,
          amount: '12.50',
          at: new Date('2027-06-01T07:00:00Z'),
          doc: { a: 1 },
        },
      ]),
    );
    expect(results[2].fields.map((f) => f.name)).toEqual(['n', 'tags', 'nothing', 'amount', 'at', 'doc']);
    // each row its own object: the empty row kept for the connection is copied, not shared
    expect(results[1].rows[0]).not.toBe(results[2].rows[0]);
    expect(Object.getPrototypeOf(results[2].rows[0])).toBe(Object.prototype);

    // another connection describes the statement for itself
    const other = await connect();
    try {
      const countOther = messageCounter(other);
      await run(other, 'probe.rows', ROWS, [7, [], '0']);
      await run(other, 'probe.rows', ROWS, [8, [], '0']);
      expect(countOther('rowDescription')).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('answers each execution its own rows, also when they are sent before the first has answered', async () => {
    const count = messageCounter(client);
    await run(client, 'probe.rows', ROWS, [0, [], '1']);
    const execute = (i: number) => run(client, 'probe.rows', ROWS, [i, [String(i)], `${i}.5`]);
    const all: QueryResult[] = [];
    // pipelined, all 20 go out at once; otherwise one after the other, as the unit of work sends them
    if (pipeline) all.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => execute(i)))));
    else for (let i = 0; i < 20; i++) all.push(await execute(i));
    expect(all.map((r) => [r.rows[0].n, r.rows[0].tags, r.rows[0].amount])).toEqual(
      Array.from({ length: 20 }, (_, i) => [i, [String(i)], `${i}.5`]),
    );
    expect(count('rowDescription')).toBe(1);
  });

  it('remembers that a write returns no rows, and still reports its row count', async () => {
    const count = messageCounter(client);
    const insert = `INSERT INTO described_probe (id, note) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET note = $2`;
    const base = pipeline ? 100 : 200;
    for (let i = 0; i < 3; i++) {
      const r = await run(client, 'probe.write', insert, [base + i, `n${i}`]);
      expect(r.rowCount).toBe(1);
      expect(r.rows).toEqual([]);
    }
    expect(count('noData')).toBe(1);
    expect(count('rowDescription')).toBe(0);
    expect(
      await db().q(`SELECT note FROM described_probe WHERE id >= $1 AND id < $1 + 3 ORDER BY id`, [base]),
    ).toEqual([{ note: 'n0' }, { note: 'n1' }, { note: 'n2' }]);
  });

  it('keeps the connection usable after a statement taken from the cache fails, in PostgreSQL or while binding', async () => {
    const divide = `SELECT 10 / $1::int AS q`;
    expect((await run(client, 'probe.divide', divide, [5])).rows).toEqual([{ q: 2 }]);
    // the database refuses the execution
    await expect(run(client, 'probe.divide', divide, [0])).rejects.toMatchObject({ code: '22012' });
    expect((await run(client, 'probe.divide', divide, [2])).rows).toEqual([{ q: 5 }]);
    // a value that cannot be turned into a parameter fails before anything is sent
    const unmappable = {
      toPostgres: () => {
        throw new Error('not a parameter');
      },
    };
    await expect(run(client, 'probe.divide', divide, [unmappable])).rejects.toThrow('not a parameter');
    expect((await run(client, 'probe.divide', divide, [1])).rows).toEqual([{ q: 10 }]);
  });

  it('leaves a name reused for another text to pg, which refuses it as before', async () => {
    await run(client, 'probe.same-name', `SELECT 1 AS one`, []);
    await expect(run(client, 'probe.same-name', `SELECT 2 AS two`, [])).rejects.toThrow(
      /Prepared statements must be unique/,
    );
    expect((await run(client, 'probe.same-name', `SELECT 1 AS one`, [])).rows).toEqual([{ one: 1 }]);
  });
});
