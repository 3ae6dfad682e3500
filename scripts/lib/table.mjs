// The one plain-text table of the scripts and the bench.

/**
 * `rows` (the first one the header) in columns as wide as their widest cell, two spaces apart; the first column
 * left-aligned, the others too unless `alignRight` (for columns of figures).
 * @param {readonly (string | number)[][]} rows
 * @param {{ alignRight?: boolean }} [options]
 */
export function formatTable(rows, { alignRight = false } = {}) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const pad = (cell, i) => (i > 0 && alignRight ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]));
  return rows.map((row) => row.map(pad).join('  ').trimEnd()).join('\n');
}
