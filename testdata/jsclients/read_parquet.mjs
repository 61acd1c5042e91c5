// Reads a Parquet file (or a glob of shards) with DuckDB and prints its rows as JSON columns,
// plus the file's key/value metadata. The optional second argument is an ORDER BY list (e.g.
// "split, traj, step") for readers that need a fixed order across shards; without it the rows
// come in file order, which assumes no layout.
import { DuckDBInstance } from '@duckdb/node-api';

const [path, orderBy] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:');
const conn = await inst.connect();
const esc = path.replaceAll("'", "''");
const order = orderBy ? ` ORDER BY ${orderBy}` : '';
const res = await conn.runAndReadAll(`SELECT * FROM read_parquet('${esc}')${order}`);
const names = res.columnNames();
const columns = Object.fromEntries(names.map((n) => [n, []]));
for (const row of res.getRows()) {
  row.forEach((v, i) => columns[names[i]].push(typeof v === 'bigint' ? Number(v) : v));
}
const kv = await conn.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${esc}')`);
const metadata = {};
for (const [k, v] of kv.getRows()) metadata[k] = v;
console.log(JSON.stringify({ numRows: res.currentRowCount, columns, metadata }));
