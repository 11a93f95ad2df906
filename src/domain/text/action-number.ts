/** Natural order of action numbers as written: "2" < "10", "1.2" < "1.10". */
export function compareNumbers(a: string, b: string): number {
  return a.localeCompare(b, "fr", { numeric: true });
}
