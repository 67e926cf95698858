/** Types of server-build.js (plain JavaScript, run before any TypeScript hook). */
export declare function compiledBuildIsFresh(): boolean;
export declare function buildServer(log?: (line: string) => void): boolean;
export declare function ensureServerBuild(log?: (line: string) => void): boolean;
