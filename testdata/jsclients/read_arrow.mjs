// Reads an Arrow IPC file with the official Arrow JavaScript library and prints its columns
// and schema metadata as JSON (int64 as numbers, doubles in shortest round-trip form).
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const columns = {};
for (const field of table.schema.fields) {
  const col = table.getChild(field.name);
  columns[field.name] = Array.from(col, (v) => (typeof v === 'bigint' ? Number(v) : v));
}
const metadata = Object.fromEntries(table.schema.metadata);
console.log(JSON.stringify({ numRows: table.numRows, types: table.schema.fields.map((f) => String(f.type)), columns, metadata }));
