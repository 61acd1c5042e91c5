// Reads a Parquet file with DuckDB and prints its rows in file order as JSON columns, plus the
// file's key/value metadata. Unlike read_parquet.mjs it assumes no dataset layout.
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2];
const inst = await DuckDBInstance.create(':memory:');
const conn = await inst.connect();
const esc = path.replaceAll("'", "''");
const res = await conn.runAndReadAll(`SELECT * FROM read_parquet('${esc}')`);
const names = res.columnNames();
const columns = Object.fromEntries(names.map((n) => [n, []]));
for (const row of res.getRows()) {
  row.forEach((v, i) => columns[names[i]].push(typeof v === 'bigint' ? Number(v) : v));
}
const kv = await conn.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${esc}')`);
const metadata = {};
for (const [k, v] of kv.getRows()) metadata[k] = v;
console.log(JSON.stringify({ numRows: res.currentRowCount, columns, metadata }));
