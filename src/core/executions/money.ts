/** USD amounts are summed as floats and rounded to nanodollars so totals stay exact to display. */
export function addUsd(a: number, b: number): number {
  return Math.round((a + b) * 1e9) / 1e9;
}
