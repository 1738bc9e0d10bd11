/** Node's flags and the environment `npm start` gives the server (package.json), by default. */
export function npmStartSettings(root: string): { nodeFlags: string[]; env: Record<string, string> };
