/** The `default` of an exhaustive switch: the compiler proves it dead, and at run time it fails loudly. */
export function unreachable(value: never): never {
  throw new Error(`Unexpected ${JSON.stringify(value)}`);
}
