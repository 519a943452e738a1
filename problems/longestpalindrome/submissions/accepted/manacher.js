const s = require("fs").readFileSync(0, "utf8").trim();
const n = s.length;
// Manacher on the string with separators, as char codes (0 = separator)
const m = 2 * n + 1;
const t = new Int32Array(m);
for (let i = 0; i < n; i++) t[2 * i + 1] = s.charCodeAt(i);
const p = new Int32Array(m);
let c = 0, r = 0, best = 0;
for (let i = 0; i < m; i++) {
  let k = i < r ? Math.min(r - i, p[2 * c - i]) : 0;
  while (i - k - 1 >= 0 && i + k + 1 < m && t[i - k - 1] === t[i + k + 1]) k++;
  p[i] = k;
  if (i + k > r) { c = i; r = i + k; }
  if (k > best) best = k;
}
console.log(best);
