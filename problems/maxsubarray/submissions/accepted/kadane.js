// Reads the whole input as bytes and parses integers by hand (fast on 11 MB).
const data = require("fs").readFileSync(0);
let pos = 0;
function nextInt() {
  while (data[pos] !== 45 && (data[pos] < 48 || data[pos] > 57)) pos++;
  let neg = false;
  if (data[pos] === 45) { neg = true; pos++; }
  let x = 0;
  while (pos < data.length && data[pos] >= 48 && data[pos] <= 57) { x = x * 10 + (data[pos] - 48); pos++; }
  return neg ? -x : x;
}
const n = nextInt();
// Sums stay below 10^15 < 2^53, so plain numbers are exact.
let best = nextInt(), cur = best;
for (let i = 1; i < n; i++) {
  const x = nextInt();
  cur = cur < 0 ? x : cur + x;
  if (cur > best) best = cur;
}
console.log(String(best));
