export function sourceHash(root?: string): string;
export function buildIfStale(options?: { distDir?: string; root?: string; log?: (line: string) => void }): boolean;
