import { Query } from 'pg';

/**
 * What a named statement's row description left on a connection: the fields, their parsers and the
 * empty row pg copies for each row, or no row at all (a write without RETURNING).
 */
interface Description {
  text: string;
  fields: unknown[];
  parsers: unknown[] | undefined;
  emptyRow: Record<string, null> | null;
}

/** pg's Result, as the query reads and writes it. */
interface ResultInternals {
  fields: unknown[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: Record<string, null> | null;
  rowAsArray: boolean;
}

/** pg's Connection, as a query's preparation drives it. */
interface ConnectionInternals {
  parsedStatements: Record<string, string | undefined>;
  bind(config: {
    portal?: string;
    statement?: string;
    values?: unknown[];
    binary?: boolean;
    valueMapper: unknown;
  }): void;
  sync(): void;
}

/** The members of pg's Query this class reads and overrides (not in pg's types). */
interface QueryInternals {
  name?: string;
  text: string;
  values?: unknown[];
  portal?: string;
  binary?: boolean;
  rows?: number;
  /** The statement's own type parsers (the connection's are the same for all its statements). */
  types?: unknown;
  callback?: unknown;
  _result: ResultInternals;
  _accumulateRows: boolean;
  listeners(event: string): unknown[];
  handleError(err: unknown, connection: ConnectionInternals): void;
  _getRows(connection: ConnectionInternals, rows?: number): void;
}

// pg's own value mapping, as its Query.prepare uses it (not exported from the package's root)
const { prepareValue } = require('pg/lib/utils') as { prepareValue: unknown }; // eslint-disable-line @typescript-eslint/no-require-imports

/** The descriptions seen on each connection, by statement name; they go with the connection. */
const described = new WeakMap<object, Map<string, Description>>();

/**
 * A named prepared statement that asks PostgreSQL for its row description once per connection.
 *
 * pg sends Describe with every execution of a named statement, and the answer's RowDescription is
 * parsed and turned into a field list, one parser per column and an empty row on every call. Kept
 * per connection instead, `GET /orders/{id}` allocates 83 KB instead of 91 KB, and the API serves
 * about 5 % more `GET`s and `POST`s a second on the same CPU (issue 18, BENCHMARKS.md). The description
 * of a prepared statement cannot change while the statement lives on that connection (PostgreSQL
 * refuses to run it instead: "cached plan must not change result type"), so the first execution's
 * is kept for the connection and every later execution is Bind and Execute only.
 *
 * It is reused only while pg still holds the statement as parsed with the same text on that
 * connection; a statement read in pages (`rows`), in binary, or with its own type parsers is
 * described every time, as pg does.
 */
export class DescribedOnceQuery extends Query {
  private connection: object | undefined;
  /** This execution sent Describe (its description is the statement's current one). */
  private describing = false;
  private sawRows = false;

  /** pg's prepare, without the Describe when this connection already has the statement's description. */
  prepare(connection: ConnectionInternals): void {
    const self = this as unknown as QueryInternals;
    this.connection = connection;
    const known = this.cacheable() ? described.get(connection)?.get(self.name!) : undefined;
    if (!known || known.text !== self.text || connection.parsedStatements[self.name!] !== self.text) {
      this.describing = true;
      (Query.prototype as unknown as { prepare(c: ConnectionInternals): void }).prepare.call(
        this,
        connection,
      );
      return;
    }
    try {
      connection.bind({
        portal: self.portal,
        statement: self.name,
        values: self.values,
        binary: self.binary,
        valueMapper: prepareValue,
      });
    } catch (err) {
      // nothing was sent (the values are mapped before the Bind is written): a Sync brings the
      // ReadyForQuery that ends this query. The statement stays prepared, unlike after pg's own
      // bind failure, which closes the statement while still counting it as parsed, so that every
      // later execution of it on the connection fails ("prepared statement does not exist").
      connection.sync();
      self.handleError(err, connection);
      return;
    }
    const result = self._result;
    result.fields = known.fields;
    result._parsers = known.parsers;
    result._prebuiltEmptyResultObject = known.emptyRow;
    self._accumulateRows = Boolean(self.callback) || !self.listeners('row').length;
    self._getRows(connection, self.rows);
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    (Query.prototype as unknown as { handleRowDescription(m: unknown): void }).handleRowDescription.call(
      this,
      msg,
    );
    this.sawRows = true;
    const r = (this as unknown as QueryInternals)._result;
    this.remember({ fields: r.fields, parsers: r._parsers, emptyRow: r._prebuiltEmptyResultObject });
  }

  handleCommandComplete(msg: unknown, connection: unknown): void {
    // described, and no row description before the end: the statement returns no rows (NoData)
    if (!this.sawRows) this.remember({ fields: [], parsers: undefined, emptyRow: null });
    (
      Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }
    ).handleCommandComplete.call(this, msg, connection);
  }

  private cacheable(): boolean {
    const self = this as unknown as QueryInternals;
    return Boolean(self.name) && !self.rows && !self.binary && !self.types && !self._result.rowAsArray;
  }

  /** Keeps the description this execution asked for (not one it took from the cache). */
  private remember(d: Omit<Description, 'text'>): void {
    const self = this as unknown as QueryInternals;
    if (!this.describing || !this.connection || !this.cacheable()) return;
    this.describing = false;
    let byName = described.get(this.connection);
    if (!byName) described.set(this.connection, (byName = new Map()));
    byName.set(self.name!, { text: self.text, ...d });
  }
}
