/** Node's flags and the malloc arena count as `npm start` gives them (package.json). */
export function npmStartSettings(root: string): { nodeFlags: string[]; mallocArenaMax: string };
