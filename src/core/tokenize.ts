/** Splits a command line into words; "double" or « French » quotes keep spaces together. */
export function tokenize(input: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|«\s*([^»]*?)\s*»|“([^”]*)”|(\S+)/g;
  for (const m of input.matchAll(re)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
  }
  return words;
}
