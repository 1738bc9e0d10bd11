// A bench script's `--name=value` arguments (a bare `--name` is "true").
export function scriptArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  return new Map(
    argv.map((arg) => {
      const [key = '', value = 'true'] = arg.replace(/^--/, '').split('=');
      return [key, value] as const;
    }),
  );
}
